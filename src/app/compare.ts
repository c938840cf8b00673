import { compareSamples, describeSample, EFFECT_SIZE_METHOD, INTERVAL_METHOD, spreadOf, type ComparisonRow, type Pairing, type SpreadRow } from '../analysis/compare.js';
import { FINAL, incomparabilities, MEAN, type Sample, type StatKey } from '../analysis/samples.js';
import { plainIssue, type Issue, type Outcome } from '../input/issues.js';
import { didYouMean } from '../input/suggest.js';
import { HEADLINE_INDICATORS, INDICATOR_NAMES } from '../model/indicators.js';
import type { Env } from './env.js';
import { loadSample, locateFields } from './results.js';

export interface CompareArgs {
  readonly a: string;
  readonly b?: string | undefined;
  readonly months: readonly string[];
  /** Indicators named (checked); none: every indicator, or the headline ones when `headline`. */
  readonly indicators: readonly string[];
  readonly headline: boolean;
  readonly unpaired: boolean;
  readonly resamples: number;
  readonly level: number;
  readonly bootstrapSeed: number;
}

/** The spread of one sample across its seeds. */
export interface Spread {
  readonly kind: 'spread';
  readonly sample: Sample;
  readonly rows: readonly SpreadRow[];
}

/** A against B, indicator by indicator and statistic by statistic. */
export interface Comparison {
  readonly kind: 'comparison';
  readonly a: Sample;
  readonly b: Sample;
  readonly pairing: Pairing;
  readonly rows: readonly ComparisonRow[];
}

/** The indicators to report: those named (each checked), else all, or the headline ones for a table. */
function chooseIndicators(args: CompareArgs): Outcome<{ indicators: readonly string[] }> {
  const unknown: Issue[] = args.indicators
    .filter((name) => !INDICATOR_NAMES.includes(name))
    .map((name) => {
      const guess = didYouMean(name, INDICATOR_NAMES);
      return plainIssue('INVALID_OPTION', `--indicator ${name}: no such indicator${guess ? ` (did you mean "${guess}"?)` : ''}; the README lists every indicator`);
    });
  if (unknown.length) return { ok: false, issues: unknown };
  return { ok: true, indicators: args.indicators.length ? [...new Set(args.indicators)] : args.headline ? HEADLINE_INDICATORS : INDICATOR_NAMES };
}

/**
 * Compares results across seeds (one input: its spread) or across scenarios (A
 * against B, paired by seed unless `unpaired`): runs, ensembles, or folders of runs.
 */
export function compareResults(env: Env, args: CompareArgs): Outcome<{ done: Spread | Comparison }> {
  const chosen = chooseIndicators(args);
  if (!chosen.ok) return chosen;
  const indicators = chosen.indicators;
  const stats: StatKey[] = [FINAL, MEAN, ...new Set(args.months)];
  const a = loadSample(env, args.a, stats);
  if (!a.ok) return a;
  if (args.b === undefined) return { ok: true, done: { kind: 'spread', sample: a.sample, rows: spreadOf(a.sample, indicators, stats) } };
  const b = loadSample(env, args.b, stats);
  if (!b.ok) return b;
  const texts = new Map([...a.texts, ...b.texts]);
  const mismatch = incomparabilities(a.sample.meta, b.sample.meta, !args.unpaired);
  if (mismatch.length) return { ok: false, issues: locateFields(mismatch, texts) };
  const compared = compareSamples(a.sample, b.sample, { paired: !args.unpaired, indicators, stats, resamples: args.resamples, level: args.level, seed: args.bootstrapSeed });
  if (!compared.ok) return { ok: false, issues: locateFields(compared.issues, texts) };
  const { pairing, rows } = compared.comparison;
  return { ok: true, done: { kind: 'comparison', a: a.sample, b: b.sample, pairing, rows } };
}

/** The JSON document of a spread or comparison (what `compare --json` prints). */
export function compareDocument(done: Spread | Comparison, args: Pick<CompareArgs, 'level' | 'resamples' | 'bootstrapSeed' | 'unpaired'>): unknown {
  if (done.kind === 'spread') return { kind: 'spread', sample: describeSample(done.sample.meta, done.sample.seeds.length), quantiles: 'exact, linear interpolation (R type 7)', rows: done.rows };
  return {
    kind: 'comparison',
    a: describeSample(done.a.meta, done.a.seeds.length),
    b: describeSample(done.b.meta, done.b.seeds.length),
    pairing: done.pairing,
    interval: { method: INTERVAL_METHOD, level: args.level, resamples: args.resamples, seed: args.bootstrapSeed },
    effectSize: args.unpaired ? EFFECT_SIZE_METHOD.unpaired : EFFECT_SIZE_METHOD.paired,
    rows: done.rows,
  };
}
