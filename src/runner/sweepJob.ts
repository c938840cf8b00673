import { failure } from '../input/issues.js';
import { INDICATORS } from '../model/indicators.js';
import { indicatorSummary } from '../results/runResult.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { SweepJobResult } from '../analysis/sweep.js';
import { simulateScenario, type RunSetup } from './runScenario.js';

/** What every job of a sweep shares: the inputs, and the scenario at each point. */
export interface SweepJobSetup {
  readonly setup: RunSetup;
  readonly points: readonly ResolvedScenario[];
}

/** One run of a sweep: a point and a seed (the same seeds at every point). */
export interface SweepJob {
  readonly point: number;
  readonly seed: number;
}

/** Runs one (point, seed) of a sweep; a broken invariant or a thrown error becomes a failed result naming the cause. */
export function runSweepJob(job: SweepJobSetup, { point, seed }: SweepJob): SweepJobResult {
  try {
    const sim = simulateScenario({ ...job.setup, scenario: job.points[point]!, seed });
    if (!sim.ok) return sim;
    const cols = INDICATORS.length;
    const steps = sim.output.months.length;
    const values = new Float64Array(2 * cols);
    for (let c = 0; c < cols; c++) {
      const s = indicatorSummary(sim.output.rows, steps, c);
      values[c] = s.final;
      values[cols + c] = s.mean;
    }
    return { ok: true, values };
  } catch (e) {
    return failure('RUN_FAILED', e instanceof Error ? e.message : String(e));
  }
}
