import { quantileType7 } from './quantile.js';
import { streamFor, type Prng } from '../model/rng.js';
import { roundValue } from '../results/runResult.js';
import type { Outcome } from '../input/issues.js';
import { incomparable, type Sample, type SampleMeta, type StatKey } from './samples.js';

export interface BootstrapOptions {
  /** Bootstrap resamples per row. */
  readonly resamples: number;
  /** Confidence level of the interval, e.g. 0.95. */
  readonly level: number;
  /** Seed of the resampling streams (one stream per indicator and statistic, so rows never depend on each other). */
  readonly seed: number;
}

export interface CompareOptions extends BootstrapOptions {
  /** Pair runs by seed (common random numbers); otherwise treat A and B as independent samples. */
  readonly paired: boolean;
  readonly indicators: readonly string[];
  readonly stats: readonly StatKey[];
}

/** One indicator × statistic of a comparison of A with B. */
export interface ComparisonRow {
  readonly indicator: string;
  readonly statistic: StatKey;
  readonly nA: number;
  readonly nB: number;
  readonly meanA: number;
  readonly meanB: number;
  /** meanA − meanB (for paired samples, also the mean of the per-seed differences). */
  readonly difference: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** Paired: d_z = mean difference / sd of differences; unpaired: Cohen's d with pooled sd. Null when n < 2 or the sd is 0 (below 1e-9 of the values' magnitude). */
  readonly effectSize: number | null;
  /** Paired: share of seeds where A > B (ties count half); unpaired: P(A > B) over all pairs (ties half). */
  readonly pAGreater: number;
}

export interface SpreadRow {
  readonly indicator: string;
  readonly statistic: StatKey;
  readonly n: number;
  readonly mean: number;
  readonly sd: number | null;
  readonly min: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
  readonly max: number;
}

export interface Pairing {
  readonly paired: boolean;
  /** Seeds used from each side (the common seeds when paired). */
  readonly seeds: number;
  readonly onlyInA: number;
  readonly onlyInB: number;
}

export interface Comparison {
  readonly pairing: Pairing;
  readonly rows: readonly ComparisonRow[];
}

export const EFFECT_SIZE_METHOD = { paired: 'd_z: mean of per-seed differences / their sample sd', unpaired: "Cohen's d: difference of means / pooled sample sd" } as const;
export const INTERVAL_METHOD = 'percentile bootstrap of the mean difference (paired: resampling seeds; unpaired: resampling A and B independently)';

/** A standard deviation below this share of the values' magnitude is rounding noise (results carry 12 significant digits), so it counts as zero. */
const NEGLIGIBLE_SD = 1e-9;
const magnitude = (...xs: Float64Array[]): number => Math.max(0, ...xs.map((x) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
/** Effect size, or null when the sd is undefined or negligible. */
const ratio = (difference: number, sd: number | null, scale: number): number | null => (sd === null || sd <= NEGLIGIBLE_SD * scale ? null : difference / sd);

const sampleMean = (x: Float64Array): number => {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
};
/** Sample standard deviation (n - 1). */
const sampleSd = (x: Float64Array): number | null => {
  if (x.length < 2) return null;
  const m = sampleMean(x);
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
};
const quantile = quantileType7;

/** Means of `resamples` bootstrap resamples of x (drawn with replacement from rng). */
function bootstrapMeans(x: Float64Array, resamples: number, rng: Prng): Float64Array {
  const n = x.length;
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[Math.floor(rng() * n)]!;
    out[b] = s / n;
  }
  return out;
}

/** P(A > B) + ½ P(A = B) over all pairs of independent draws, by sorting (the Mann–Whitney U statistic over nA·nB). */
function superiority(a: Float64Array, b: Float64Array): number {
  const sorted = Float64Array.from(b).sort();
  const below = (v: number, strict: boolean): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? sorted[mid]! < v : sorted[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let wins = 0;
  for (const v of a) {
    const less = below(v, true);
    wins += less + 0.5 * (below(v, false) - less);
  }
  return wins / (a.length * b.length);
}

/** Seeds in both samples, and the positions of each in A and in B. */
function commonSeeds(a: Sample, b: Sample): { ia: number[]; ib: number[] } {
  const posB = new Map(b.seeds.map((s, i) => [s, i]));
  const ia: number[] = [];
  const ib: number[] = [];
  a.seeds.forEach((s, i) => {
    const j = posB.get(s);
    if (j !== undefined) {
      ia.push(i);
      ib.push(j);
    }
  });
  return { ia, ib };
}

const seedRange = (seeds: readonly number[]): string => (seeds.length ? `${seeds.length} seed${seeds.length === 1 ? '' : 's'}, ${seeds[0]}..${seeds[seeds.length - 1]}` : 'no seeds');

/** Compares A with B for each indicator and statistic: difference of means with a bootstrap interval, effect size and P(A > B). */
export function compareSamples(a: Sample, b: Sample, opts: CompareOptions): Outcome<{ comparison: Comparison }> {
  const { ia, ib } = commonSeeds(a, b);
  if (opts.paired && ia.length === 0) {
    return {
      ok: false,
      issues: [
        incomparable(
          b.meta.file,
          b.meta.source === 'ensemble' ? 'seeds' : 'seed',
          `${a.meta.label} and ${b.meta.label} have no seeds in common (${seedRange(a.seeds)} vs ${seedRange(b.seeds)}), so they cannot be paired by seed; run both on the same seeds, or pass --unpaired to compare them as independent samples`,
        ),
      ],
    };
  }
  const pairing: Pairing = opts.paired
    ? { paired: true, seeds: ia.length, onlyInA: a.seeds.length - ia.length, onlyInB: b.seeds.length - ib.length }
    : { paired: false, seeds: a.seeds.length + b.seeds.length, onlyInA: a.seeds.length, onlyInB: b.seeds.length };
  const lowP = (1 - opts.level) / 2;
  const rows: ComparisonRow[] = [];
  for (const statistic of opts.stats) {
    for (const indicator of opts.indicators) {
      const rawA = a.values.get(statistic)!.get(indicator)!;
      const rawB = b.values.get(statistic)!.get(indicator)!;
      const rng = streamFor(`bootstrap/${opts.seed}/${statistic}/${indicator}`);
      const xa = opts.paired ? Float64Array.from(ia, (i) => rawA[i]!) : rawA;
      const xb = opts.paired ? Float64Array.from(ib, (i) => rawB[i]!) : rawB;
      const meanA = sampleMean(xa);
      const meanB = sampleMean(xb);
      let boot: Float64Array;
      let effect: number | null;
      let pGreater: number;
      if (opts.paired) {
        const d = xa.map((v, i) => v - xb[i]!);
        boot = bootstrapMeans(d, opts.resamples, rng);
        effect = ratio(sampleMean(d), sampleSd(d), magnitude(xa, xb));
        let wins = 0;
        for (const v of d) wins += v > 0 ? 1 : v === 0 ? 0.5 : 0;
        pGreater = wins / d.length;
      } else {
        const ba = bootstrapMeans(xa, opts.resamples, rng);
        const bb = bootstrapMeans(xb, opts.resamples, rng);
        boot = ba.map((v, i) => v - bb[i]!);
        const sa = sampleSd(xa);
        const sb = sampleSd(xb);
        const pooled = sa === null || sb === null ? null : Math.sqrt(((xa.length - 1) * sa * sa + (xb.length - 1) * sb * sb) / (xa.length + xb.length - 2));
        effect = ratio(meanA - meanB, pooled, magnitude(xa, xb));
        pGreater = superiority(xa, xb);
      }
      rows.push({
        indicator,
        statistic,
        nA: xa.length,
        nB: xb.length,
        meanA: roundValue(meanA),
        meanB: roundValue(meanB),
        difference: roundValue(meanA - meanB),
        ciLow: roundValue(quantile(boot, lowP)),
        ciHigh: roundValue(quantile(boot, 1 - lowP)),
        effectSize: effect === null ? null : roundValue(effect),
        pAGreater: roundValue(pGreater),
      });
    }
  }
  return { ok: true, comparison: { pairing, rows } };
}

/** The spread of one sample across seeds: mean, sample sd and exact quantiles (linear interpolation, R type 7). */
export function spreadOf(sample: Sample, indicators: readonly string[], stats: readonly StatKey[]): SpreadRow[] {
  return stats.flatMap((statistic) => indicators.map((indicator): SpreadRow => ({ indicator, statistic, ...spreadOfValues(sample.values.get(statistic)!.get(indicator)!) })));
}

/** Spread of one set of values: mean, sample sd, min, max and exact (type 7) quantiles, rounded as in result files. */
export function spreadOfValues(x: Float64Array): Omit<SpreadRow, 'indicator' | 'statistic'> {
  const sorted = Array.from(x).sort((p, q) => p - q);
  const sd = sampleSd(x);
  return {
    n: x.length,
    mean: roundValue(sampleMean(x)),
    sd: sd === null ? null : roundValue(sd),
    min: roundValue(sorted[0]!),
    p5: roundValue(quantile(sorted, 0.05)),
    p25: roundValue(quantile(sorted, 0.25)),
    p50: roundValue(quantile(sorted, 0.5)),
    p75: roundValue(quantile(sorted, 0.75)),
    p95: roundValue(quantile(sorted, 0.95)),
    max: roundValue(sorted[sorted.length - 1]!),
  };
}

/** What a comparison says about its inputs. */
export const describeSample = (m: SampleMeta, seeds: number): Record<string, string | number> => ({
  path: m.label,
  source: m.source,
  scenario: m.scenario,
  scenarioSha256: m.scenarioSha256,
  engineVersion: m.engineVersion,
  calibrationSha256: m.calibrationSha256,
  start: m.start,
  horizon: m.horizon,
  firms: m.firms,
  seeds,
});
