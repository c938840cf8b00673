import { streamFor } from '../model/rng.js';
import { elementaryEffects, morrisRadial, morrisStats, morrisTrajectories, type MorrisDesign, type MorrisPlan } from './morris.js';
import { saltelliDesign, sobolAnalysis, sobolConvergence } from './sobolIndices.js';
import { digitalShift, sobolPoints } from './sobolSequence.js';

/** One uncertain input: a calibration parameter or a doctrine weight, varied uniformly over [low, high]. */
export interface Factor {
  /** A parameter id (`sanctions.caseRate`) or a doctrine weight (`doctrine.economy`). */
  readonly id: string;
  /** Its path in a scenario, as a sweep names it (`parameters.<id>` or `doctrine.<weight>`). */
  readonly path: string;
  readonly low: number;
  readonly high: number;
  /** Integer parameters take the nearest integer of the sampled value. */
  readonly integer: boolean;
  /** Its calibration group (a submodel), or `doctrine`. */
  readonly group: string;
  /** Its provenance class, or `doctrine` for a weight (a value judgement, not an uncertainty). */
  readonly provenance: 'assumption' | 'statistic' | 'calibrated' | 'doctrine';
}

/** One output of a sensitivity analysis: an indicator's final value or its mean over the horizon. */
export interface OutputSpec {
  readonly indicator: string;
  readonly statistic: 'final' | 'mean';
}

/** A factor as result files record it (its path follows from its id: see factorPath). */
export const factorRecord = (f: Factor) => ({ id: f.id, group: f.group, provenance: f.provenance, low: f.low, high: f.high, integer: f.integer });

/** A factor's path in a scenario from its id: doctrine weights are named by their path, parameters live under `parameters.`. */
export const factorPath = (id: string): string => (id.startsWith('doctrine.') ? id : `parameters.${id}`);

/** A factor's value at unit coordinate u in [0, 1]. */
export function factorValue(f: Factor, u: number): number {
  const v = f.low + u * (f.high - f.low);
  return f.integer ? Math.round(v) : v;
}

/** What a sensitivity analysis computes, and how its design is drawn. */
export type SensitivitySpec =
  | { readonly method: 'morris'; readonly design: MorrisDesign; readonly trajectories: number; readonly levels: number; readonly designSeed: number }
  | { readonly method: 'sobol'; readonly samples: number; readonly designSeed: number };

/** The points to evaluate, in the unit cube (row-major, count × d), and what the analysis needs to read their outputs. */
export interface SensitivityPlan {
  readonly spec: SensitivitySpec;
  readonly d: number;
  readonly count: number;
  readonly points: Float64Array;
  readonly morris?: MorrisPlan;
}

/** The design's random choices come from their own stream, named by the design seed, so a design never depends on anything else. */
const designStream = (seed: number, what: string) => streamFor(`sensitivity/${seed}/${what}`);

/**
 * The unit-cube points of a sensitivity analysis of d factors. Morris: r trajectories
 * (or radial blocks) of d + 1 points. Sobol': Saltelli's n × (d + 2) points from a
 * Sobol' sequence of 2d dimensions with a random digital shift drawn from the design
 * seed.
 */
export function sensitivityPlan(spec: SensitivitySpec, d: number): SensitivityPlan {
  if (spec.method === 'morris') {
    const plan =
      spec.design === 'trajectory'
        ? morrisTrajectories(spec.trajectories, d, spec.levels, designStream(spec.designSeed, 'morris'))
        : morrisRadial(sobolPoints(spec.trajectories, 2 * d, digitalShift(2 * d, designStream(spec.designSeed, 'radial'))), spec.trajectories, d);
    return { spec, d, count: spec.trajectories * (d + 1), points: plan.points, morris: plan };
  }
  const n = spec.samples;
  const base = sobolPoints(n, 2 * d, digitalShift(2 * d, designStream(spec.designSeed, 'sobol')));
  return { spec, d, count: n * (d + 2), points: saltelliDesign(base, n, d) };
}

/** Morris statistics of one factor for one output. */
export interface MorrisRow {
  readonly factor: string;
  readonly mu: number;
  readonly muStar: number;
  readonly muStarLow: number;
  readonly muStarHigh: number;
  readonly sigma: number;
}

/** Sobol' indices of one factor for one output, with their intervals. */
export interface SobolRow {
  readonly factor: string;
  readonly first: number;
  readonly firstLow: number;
  readonly firstHigh: number;
  readonly total: number;
  readonly totalLow: number;
  readonly totalHigh: number;
}

/** The analysis of one output. */
export type OutputAnalysis =
  | { readonly method: 'morris'; readonly factors: readonly MorrisRow[] }
  | {
      readonly method: 'sobol';
      readonly variance: number;
      readonly factors: readonly SobolRow[];
      /** Indices from the first n/4, n/2 and n base rows. */
      readonly convergence: readonly { readonly rows: number; readonly first: readonly number[]; readonly total: readonly number[] }[];
    };

/**
 * Analyses one output's values at the plan's points: Morris μ, μ* (with a bootstrap
 * interval) and σ; or Sobol' first- and total-order indices with bootstrap intervals and
 * their convergence table. The bootstrap draws from a stream named by the design seed
 * and the output, so each output's intervals are reproducible on their own.
 */
export function analyseOutput(plan: SensitivityPlan, factors: readonly Factor[], y: Float64Array, output: string, resamples: number, level: number): OutputAnalysis {
  const rng = designStream(plan.spec.designSeed, `bootstrap/${output}`);
  if (plan.spec.method === 'morris') {
    const stats = morrisStats(elementaryEffects(plan.morris!, y), resamples, level, rng);
    return { method: 'morris', factors: stats.map((s, i) => ({ factor: factors[i]!.id, mu: s.mu, muStar: s.muStar.value, muStarLow: s.muStar.low, muStarHigh: s.muStar.high, sigma: s.sigma })) };
  }
  const n = plan.spec.samples;
  const a = sobolAnalysis(y, n, plan.d, resamples, level, rng);
  return {
    method: 'sobol',
    variance: a.variance,
    factors: factors.map((f, i) => ({ factor: f.id, first: a.first[i]!.value, firstLow: a.first[i]!.low, firstHigh: a.first[i]!.high, total: a.total[i]!.value, totalLow: a.total[i]!.low, totalHigh: a.total[i]!.high })),
    convergence: sobolConvergence(y, n, plan.d).map((c) => ({ rows: c.rows, first: Array.from(c.estimate.first), total: Array.from(c.estimate.total) })),
  };
}

/**
 * The rows of a plan that are an independent sample of the factor space, for reading
 * outputs against inputs (e.g. scenario discovery): every Morris point; for Sobol' the
 * rows of A and B (the AB_i rows repeat their coordinates).
 */
export function sampleRows(plan: SensitivityPlan): number[] {
  const rows = plan.spec.method === 'morris' ? plan.count : 2 * plan.spec.samples;
  return Array.from({ length: rows }, (_, k) => k);
}
