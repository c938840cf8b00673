import { messageOf, type Outcome } from '../input/issues.js';
import { runMonths } from '../model/calendar.js';
import { INDICATOR_NAMES, indicatorIndex } from '../model/indicators.js';
import { provenanceFields, type ResultMeta } from '../results/runResult.js';
import type { SweepResult } from '../results/sweepResult.js';
import { spreadOfValues } from './compare.js';
import { paretoFrontier, type Direction } from './pareto.js';
import type { DesignKind, Vary } from './sweepDesign.js';

export interface Objective {
  readonly indicator: string;
  readonly direction: Direction;
}

export interface SweepMeta extends ResultMeta {
  readonly seeds: readonly number[];
  readonly design: { readonly kind: DesignKind; readonly sampleSeed: number | null; readonly vary: readonly Vary[] };
  /** Each point's values, in the order of `design.vary`. */
  readonly points: readonly (readonly number[])[];
  readonly statistic: 'final' | 'mean';
  readonly objectives: readonly Objective[];
  /** Indicators whose spread each point reports (the objectives are always added). */
  readonly indicators: readonly string[];
}


/** A run of a sweep reduced to what the sweep keeps: every indicator's final value, then every indicator's horizon mean (as in run files). */
export type SweepJobResult = Outcome<{ values: Float64Array }>;

/** How a sweep is computed; recorded in every sweep file. */
export const SWEEP_METHOD = {
  design: 'grid: every combination of the listed values, the first --vary changing slowest; lhs: Latin hypercube, each interval cut into as many equal strata as points, each stratum used once per dimension, uniform within the stratum (seeded by sampleSeed)',
  statistics: 'at every point the same seeds are run (common random numbers: a seed gives the same random draws at every point, so differences between points are not sampling noise between seeds); per indicator, the spread across seeds of each run\'s statistic (final value or mean over the horizon): mean, sample sd, exact type-7 quantiles',
  frontier: 'Pareto frontier over the objectives\' means across seeds: a point is on it when no other point is at least as good on every objective and strictly better on one; points where no seed completed are left out',
} as const;

/** Collects a sweep's runs, delivered in (point, seed) order, into its result document. */
export class SweepAggregator {
  private readonly cols = INDICATOR_NAMES.length;
  /** Per point: for each seed, 2 × cols values (final, then mean) in seed order; `done` marks the seeds that completed. */
  private readonly values: Float64Array[];
  private readonly done: Uint8Array[];
  private readonly failures: { point: number; seed: number; error: string }[] = [];

  constructor(private readonly meta: SweepMeta) {
    this.values = meta.points.map(() => new Float64Array(meta.seeds.length * 2 * this.cols));
    this.done = meta.points.map(() => new Uint8Array(meta.seeds.length));
  }

  /** Adds the run of seed number `s` (its position in `meta.seeds`) at `point`. */
  add(point: number, s: number, r: SweepJobResult): void {
    if (!r.ok) {
      this.failures.push({ point, seed: this.meta.seeds[s]!, error: messageOf(r.issues) });
      return;
    }
    this.values[point]!.set(r.values, s * 2 * this.cols);
    this.done[point]![s] = 1;
  }

  get failed(): readonly { point: number; seed: number; error: string }[] {
    return this.failures;
  }

  result(): SweepResult {
    const m = this.meta;
    const offset = m.statistic === 'final' ? 0 : this.cols;
    const shown = [...new Set([...m.objectives.map((o) => o.indicator), ...m.indicators])];
    const column = (point: number, c: number): Float64Array => {
      const out: number[] = [];
      m.seeds.forEach((_, s) => {
        if (this.done[point]![s]) out.push(this.values[point]![s * 2 * this.cols + offset + c]!);
      });
      return Float64Array.from(out);
    };
    const points = m.points.map((values, index) => {
      const completed = this.done[index]!.reduce((a, b) => a + b, 0);
      const stats = completed ? Object.fromEntries(shown.map((name) => [name, spreadOfValues(column(index, indicatorIndex(name)))])) : {};
      return { index, values: Object.fromEntries(m.design.vary.map((v, k) => [v.path, values[k]!])), completed, frontier: false, stats };
    });
    const eligible = points.filter((p) => p.completed > 0);
    const marks = paretoFrontier(eligible.map((p) => m.objectives.map((o) => p.stats[o.indicator]!.mean)), m.objectives.map((o) => o.direction));
    eligible.forEach((p, i) => (p.frontier = marks[i]!));
    const completed = points.reduce((s, p) => s + p.completed, 0);
    return {
      ...provenanceFields(m, runMonths(m.scenario.start, m.scenario.horizon)),
      kind: 'sweep',
      seeds: [...m.seeds],
      design: {
        kind: m.design.kind,
        points: m.points.length,
        sampleSeed: m.design.sampleSeed,
        vary: m.design.vary.map((v) => ('values' in v ? { path: v.path, values: [...v.values] } : { path: v.path, range: [v.range[0], v.range[1]] as [number, number] })),
      },
      statistic: m.statistic,
      objectives: m.objectives.map((o) => ({ ...o })),
      method: SWEEP_METHOD,
      runs: { requested: m.points.length * m.seeds.length, completed, failed: this.failures.length },
      failures: [...this.failures],
      points,
      frontier: points.filter((p) => p.frontier).map((p) => p.index),
    };
  }
}
