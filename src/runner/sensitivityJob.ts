import { factorValue, type Factor, type OutputSpec } from '../analysis/sensitivity.js';
import { scenarioAt } from '../analysis/sweepDesign.js';
import { failure, type Outcome } from '../input/issues.js';
import { INDICATOR_INDEX } from '../model/indicators.js';
import { constrainShares, withOverrides, type Params } from '../model/params.js';
import { indicatorSummary } from '../results/runResult.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { simulateScenario, type RunSetup } from './runScenario.js';

/** What every point of a sensitivity analysis shares. */
export interface SensitivityJobSetup {
  readonly setup: RunSetup;
  /** With a baseline, each output is the paired difference scenario − baseline (same seed, same factor values). */
  readonly baseline?: ResolvedScenario;
  readonly factors: readonly Factor[];
  readonly seeds: readonly number[];
  readonly outputs: readonly OutputSpec[];
}

/** One design point: its index and its unit-cube coordinates. */
export interface SensitivityJob {
  readonly point: number;
  readonly x: Float64Array;
}

/** The outputs at one point, each the mean over the seeds. */
export type SensitivityJobResult = Outcome<{ values: Float64Array }>;

/**
 * A scenario at a design point: each factor set to its value (parameters and doctrine
 * weights), then share groups the sampled values push past their constraint scaled back
 * to it (ranges sampled one by one need not be jointly possible; docs/MODEL.md §12).
 */
export function scenarioAtPoint(calibrationParams: Params, scenario: ResolvedScenario, factors: readonly Factor[], x: ArrayLike<number>): ResolvedScenario {
  const at = scenarioAt(scenario, factors.map((f) => f.path), factors.map((f, i) => factorValue(f, x[i]!)));
  const { params, scaled } = constrainShares(withOverrides(calibrationParams, at.parameters));
  if (!scaled.length) return at;
  const parameters: Record<string, number | undefined> = { ...at.parameters };
  for (const id of scaled) parameters[id] = params[id];
  return { ...at, parameters: Object.fromEntries(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/** The values a run at a design point actually used for each factor (after any share group was scaled back to its constraint). */
export function factorValuesUsed(calibrationParams: Params, scenario: ResolvedScenario, factors: readonly Factor[]): Float64Array {
  const params: Record<string, number> = withOverrides(calibrationParams, scenario.parameters);
  const weights: Record<string, unknown> = scenario.doctrine.weights;
  return Float64Array.from(factors, (f) => (f.path.startsWith('parameters.') ? params[f.id]! : Number(weights[f.id.slice('doctrine.'.length)])));
}

/** The outputs of one run (final value or horizon mean of each indicator asked for). */
function outputsOf(rows: Float64Array, steps: number, outputs: readonly OutputSpec[]): Float64Array {
  return Float64Array.from(outputs, (o) => {
    const s = indicatorSummary(rows, steps, INDICATOR_INDEX.get(o.indicator)!);
    return o.statistic === 'final' ? s.final : s.mean;
  });
}

/**
 * Runs one design point: the scenario (and the baseline, when there is one) at the
 * point's factor values for every seed, on common random numbers, and returns each
 * output's mean over the seeds (of the paired difference, with a baseline). A run that
 * fails fails the point.
 */
export function runSensitivityJob(job: SensitivityJobSetup, { x }: SensitivityJob): SensitivityJobResult {
  try {
    const { setup, factors, seeds, outputs } = job;
    const params = setup.calibration.params;
    const scenario = scenarioAtPoint(params, setup.scenario, factors, x);
    const baseline = job.baseline && scenarioAtPoint(params, job.baseline, factors, x);
    const sums = new Float64Array(outputs.length);
    for (const seed of seeds) {
      const run = simulateScenario({ ...setup, scenario, seed });
      if (!run.ok) return run;
      const y = outputsOf(run.output.rows, run.output.months.length, outputs);
      if (baseline) {
        const base = simulateScenario({ ...setup, scenario: baseline, seed });
        if (!base.ok) return { ok: false, issues: base.issues.map((i) => ({ ...i, message: `the baseline: ${i.message}` })) };
        const b = outputsOf(base.output.rows, base.output.months.length, outputs);
        for (let k = 0; k < y.length; k++) y[k] = y[k]! - b[k]!;
      }
      for (let k = 0; k < y.length; k++) sums[k] = sums[k]! + y[k]!;
    }
    return { ok: true, values: sums.map((s) => s / seeds.length) };
  } catch (e) {
    return failure('RUN_FAILED', e instanceof Error ? e.message : String(e));
  }
}
