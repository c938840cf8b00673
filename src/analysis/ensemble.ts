import { messageOf, type Outcome } from '../input/issues.js';
import { CellQuantiles } from './cellQuantiles.js';
import { runMonths } from '../model/calendar.js';
import type { LogEntry } from '../model/log.js';
import type { RunOutput } from '../engine/simulate.js';
import { INDICATOR_NAMES } from '../model/indicators.js';
import type { EnsembleBranch, EnsembleResult, EventFrequency } from '../results/ensembleResult.js';
import { ENSEMBLE_QUANTILES } from '../results/ensembleResult.js';
import { samplingIdentity, type AssumptionSampling } from './assumptionSample.js';
import { factorRecord } from './sensitivity.js';
import { indicatorSummary, provenanceFields, roundValue, type ResultMeta } from '../results/runResult.js';

/** What a worker sends back for one seed: the rows of the run and when each kind of event fired. */
export interface SeedSummary {
  /** (horizon + 1) x indicators, row-major, as in RunOutput. */
  readonly rows: Float64Array;
  /** Event kind → the steps at which it fired, ascending, with repeats when it fired more than once in a step. */
  readonly events: ReadonlyArray<readonly [string, readonly number[]]>;
  /** The run's drawn assumptions, in the order of the ensemble's factors (`--sample-assumptions`). */
  readonly assumptions?: Float64Array;
}

export type SeedOutcome = Outcome<{ summary: SeedSummary }>;

/** The kind an event is counted under in an ensemble: Kazakhstan's decisions by action, everything else by its log kind. */
export const eventKind = (e: LogEntry): string => (e.kind === 'decision' ? `decision.${e.detail}` : e.kind);

/** Reduces one run to what an ensemble keeps of it. */
export function summariseSeed(output: RunOutput): SeedSummary {
  const fired = new Map<string, number[]>();
  for (const e of output.log) {
    const k = eventKind(e);
    const steps = fired.get(k);
    if (steps) steps.push(e.step);
    else fired.set(k, [e.step]);
  }
  return { rows: output.rows, events: [...fired.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
}

export interface EnsembleMeta extends ResultMeta {
  /** Every seed asked for, in the order they are added. */
  readonly seeds: readonly number[];
  /** Months at which each seed's values are kept as well as final and horizon mean (for `compare --month`). */
  readonly keepMonths: readonly string[];
  /** Only for an ensemble that continued states made with another scenario. */
  readonly branch?: EnsembleBranch | undefined;
  /** Only for an ensemble whose runs drew their assumptions (`--sample-assumptions`), with the factors left out and why. */
  readonly assumptions?: { readonly sampling: AssumptionSampling; readonly notes: readonly string[] } | undefined;
}

/** How an ensemble's statistics are computed; recorded in every ensemble file, with how its quantiles were (see CellQuantiles). */
export const ENSEMBLE_METHOD = {
  mean: 'arithmetic mean over completed seeds (Welford update, seeds in the listed order)',
  sd: 'sample standard deviation (n - 1); null when one seed completed',
  events: 'share of completed runs in which the event fired at least once; shareByMonth is the share of runs in which it fired in that month; firstMonth gives quantiles of the month of first firing among runs in which it fired',
} as const;

interface EventTally {
  runs: number;
  firings: number;
  /** Runs in which the event fired at each step. */
  readonly atStep: Float64Array;
  /** Runs whose first firing was at each step. */
  readonly firstAt: Float64Array;
}

/**
 * Streams an ensemble, one seed at a time, in a fixed order: mean and standard
 * deviation by Welford's update, quantiles exactly from every seed's values up to a
 * memory limit and by DDSketch beyond it (CellQuantiles), event tallies per step. Past
 * that limit memory does not depend on the number of seeds except for the per-seed
 * summary table (final, horizon mean and kept months: a few numbers per indicator and
 * seed). Adding seeds in the same order always gives the same result.
 */
export class EnsembleAggregator {
  private readonly steps: number;
  private readonly months: readonly string[];
  private readonly cols = INDICATOR_NAMES.length;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly quantiles: CellQuantiles;
  private readonly events = new Map<string, EventTally>();
  private readonly keepSteps: number[];
  /** Per-seed values: for each completed seed, cols × (2 + keepMonths) numbers: final, mean, then each kept month. */
  private perSeed: Float64Array;
  private readonly completedSeeds: number[] = [];
  /** Each completed seed's drawn assumptions, in the order of the sampling's factors. */
  private readonly drawn: Float64Array[] = [];
  private readonly failures: { seed: number; error: string }[] = [];

  /** `quantileLimit` is a parameter only so that tests can reach the sketches with few seeds. */
  constructor(private readonly meta: EnsembleMeta, quantileLimit?: number) {
    this.steps = meta.scenario.horizon + 1;
    const cells = this.steps * this.cols;
    this.mean = new Float64Array(cells);
    this.m2 = new Float64Array(cells);
    this.min = new Float64Array(cells).fill(Infinity);
    this.max = new Float64Array(cells).fill(-Infinity);
    this.quantiles = new CellQuantiles(cells, meta.seeds.length, quantileLimit);
    this.months = runMonths(meta.scenario.start, meta.scenario.horizon);
    this.keepSteps = meta.keepMonths.map((m) => {
      const k = this.months.indexOf(m);
      if (k < 0) throw new Error(`kept month ${m} is outside the run`);
      return k;
    });
    this.perSeed = new Float64Array(Math.min(meta.seeds.length, 1024) * this.perSeedWidth);
  }

  private get perSeedWidth(): number {
    return this.cols * (2 + this.meta.keepMonths.length);
  }

  /** Adds one seed's outcome; call in the order of `meta.seeds`. */
  add(seed: number, outcome: SeedOutcome): void {
    if (!outcome.ok) {
      // the seed is recorded beside the error, so the error does not repeat it
      this.failures.push({ seed, error: messageOf(outcome.issues.map((i) => ({ ...i, message: i.message.replace(`seed ${seed}: `, '') }))) });
      return;
    }
    const { rows, events } = outcome.summary;
    if (rows.length !== this.steps * this.cols) throw new Error(`seed ${seed}: expected ${this.steps * this.cols} values, got ${rows.length}`);
    const n = this.completedSeeds.push(seed);
    if (this.meta.assumptions) {
      if (!outcome.summary.assumptions) throw new Error(`seed ${seed}: its drawn assumptions are missing`);
      this.drawn.push(outcome.summary.assumptions);
    }
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i]!;
      const d = x - this.mean[i]!;
      this.mean[i] = this.mean[i]! + d / n;
      this.m2[i] = this.m2[i]! + d * (x - this.mean[i]!);
      if (x < this.min[i]!) this.min[i] = x;
      if (x > this.max[i]!) this.max[i] = x;
    }
    this.quantiles.add(rows);
    this.keepPerSeed(n - 1, rows);
    for (const [kind, steps] of events) this.tallyEvent(kind, steps);
  }

  private keepPerSeed(row: number, rows: Float64Array): void {
    const width = this.perSeedWidth;
    if ((row + 1) * width > this.perSeed.length) {
      const grown = new Float64Array(this.perSeed.length * 2);
      grown.set(this.perSeed);
      this.perSeed = grown;
    }
    const base = row * width;
    for (let c = 0; c < this.cols; c++) {
      const s = indicatorSummary(rows, this.steps, c);
      this.perSeed[base + c] = s.final;
      this.perSeed[base + this.cols + c] = s.mean;
      this.keepSteps.forEach((k, j) => {
        this.perSeed[base + (2 + j) * this.cols + c] = roundValue(rows[k * this.cols + c]!);
      });
    }
  }

  private tallyEvent(kind: string, steps: readonly number[]): void {
    let t = this.events.get(kind);
    if (!t) {
      t = { runs: 0, firings: 0, atStep: new Float64Array(this.steps), firstAt: new Float64Array(this.steps) };
      this.events.set(kind, t);
    }
    t.runs++;
    t.firings += steps.length;
    t.firstAt[steps[0]!]!++;
    let last = -1;
    for (const s of steps) {
      if (s !== last) t.atStep[s]!++;
      last = s;
    }
  }

  /** Failed seeds so far, in order, with their errors. */
  get failed(): readonly { seed: number; error: string }[] {
    return this.failures;
  }

  /** The ensemble document; undefined when no seed completed (there is nothing to summarise). */
  result(): EnsembleResult | undefined {
    const n = this.completedSeeds.length;
    if (n === 0) return undefined;
    const months = this.months;
    const series: EnsembleResult['series'] = {};
    const quantileValues = this.quantiles.quantiles(ENSEMBLE_QUANTILES.map(([, q]) => q), this.min, this.max);
    INDICATOR_NAMES.forEach((name, c) => {
      const column = (f: (cell: number) => number) => Array.from({ length: this.steps }, (_, k) => roundValue(f(k * this.cols + c)));
      const quantiles = Object.fromEntries(ENSEMBLE_QUANTILES.map(([label], j) => [label, column((i) => quantileValues[j]![i]!)]));
      series[name] = {
        mean: column((i) => this.mean[i]!),
        sd: n > 1 ? column((i) => Math.sqrt(Math.max(0, this.m2[i]!) / (n - 1))) : null,
        min: column((i) => this.min[i]!),
        max: column((i) => this.max[i]!),
        ...(quantiles as Record<(typeof ENSEMBLE_QUANTILES)[number][0], number[]>),
      };
    });
    const events: Record<string, EventFrequency> = {};
    for (const [kind, t] of [...this.events.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      events[kind] = {
        runs: t.runs,
        share: roundValue(t.runs / n),
        meanFirings: roundValue(t.firings / n),
        shareByMonth: Array.from(t.atStep, (v) => roundValue(v / n)),
        firstMonth: Object.fromEntries(ENSEMBLE_QUANTILES.map(([label, q]) => [label, months[lowerOrderStatistic(t.firstAt, q)]!])) as EventFrequency['firstMonth'],
      };
    }
    const width = this.perSeedWidth;
    const column = (offset: number, c: number) => Array.from({ length: n }, (_, r) => this.perSeed[r * width + offset * this.cols + c]!);
    const byIndicator = (offset: number) => Object.fromEntries(INDICATOR_NAMES.map((name, c) => [name, column(offset, c)]));
    const meta = this.meta;
    return {
      ...provenanceFields(meta, months),
      kind: 'ensemble',
      seeds: [...meta.seeds],
      runs: { requested: meta.seeds.length, completed: n, failed: this.failures.length },
      failures: [...this.failures],
      method: { mean: ENSEMBLE_METHOD.mean, sd: ENSEMBLE_METHOD.sd, quantiles: this.quantiles.method, events: ENSEMBLE_METHOD.events },
      series,
      events,
      perSeed: {
        seeds: [...this.completedSeeds],
        final: byIndicator(0),
        mean: byIndicator(1),
        months: Object.fromEntries(meta.keepMonths.map((m, j) => [m, byIndicator(2 + j)])),
        ...(meta.assumptions ? { assumptions: Object.fromEntries(meta.assumptions.sampling.factors.map((f, i) => [f.id, this.drawn.map((x) => roundValue(x[i]!))])) } : {}),
      },
      ...(meta.branch ? { branch: meta.branch } : {}),
      ...(meta.assumptions ? { assumptions: assumptionsRecord(meta.assumptions.sampling, meta.assumptions.notes, meta.seeds) } : {}),
    };
  }
}

/** The step at which the lower order statistic of rank q(n-1) of a histogram over steps falls (the sketches' rank rule). */
function lowerOrderStatistic(histogram: Float64Array, q: number): number {
  let total = 0;
  for (const c of histogram) total += c;
  const rank = q * (total - 1);
  let running = 0;
  for (let k = 0; k < histogram.length; k++) {
    running += histogram[k]!;
    if (running > rank) return k;
  }
  return histogram.length - 1;
}

/** How an ensemble's assumptions were drawn, as its file records it. */
function assumptionsRecord(s: AssumptionSampling, notes: readonly string[], seeds: readonly number[]): NonNullable<EnsembleResult['assumptions']> {
  return {
    method: s.method,
    seed: s.seed,
    pairing: samplingIdentity(s, seeds),
    description:
      (s.method === 'lhs' ? "each assumption drawn uniformly from its plausible range, a Latin hypercube over the runs in seed-list order (one stream per assumption)" : 'each assumption drawn uniformly from its plausible range, independently for each run seed (one stream per assumption and seed)') +
      '; share groups scaled back to their constraint; perSeed.assumptions holds the values each run used',
    factors: s.factors.map(factorRecord),
    notes: [...notes],
  };
}
