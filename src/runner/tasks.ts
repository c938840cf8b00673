import type { SeedDecomposition } from '../analysis/decompose.js';
import { decomposeSeed } from './decomposeJob.js';
import type { RunSetup } from './runScenario.js';
import { continueSeedJob, runSeedJob, type SampledSeed, type SeedJobResult, type SeedJobSetup, type StateJob } from './seedJob.js';
import type { SweepJobResult } from '../analysis/sweep.js';
import { runSweepJob, type SweepJob, type SweepJobSetup } from './sweepJob.js';
import type { Factor } from '../analysis/sensitivity.js';
import { runSensitivityJob, scenarioAtPoint, type SensitivityJob, type SensitivityJobResult, type SensitivityJobSetup } from './sensitivityJob.js';

/** A task's answer to one job, and the buffers to transfer rather than copy. */
type Answer<R> = readonly [R, ArrayBuffer[]];

/** An ensemble job's answer: its rows are transferred. */
const seedAnswer = (r: SeedJobResult): Answer<SeedJobResult> => [r, r.outcome.ok ? [r.outcome.summary.rows.buffer as ArrayBuffer] : []];

/** The kinds of work the worker threads do: each takes the shared setup and one job. */
export const TASKS = {
  /** One seed of an ensemble. */
  seed: (setup: SeedJobSetup, seed: number | SampledSeed): Answer<SeedJobResult> => seedAnswer(runSeedJob(setup, seed)),
  /** One saved state of an ensemble, continued to the scenario's horizon. */
  continue: (setup: SeedJobSetup, state: StateJob): Answer<SeedJobResult> => seedAnswer(continueSeedJob(setup, state)),
  /** The counterfactual decomposition of one seed (16 runs). */
  decompose: (setup: RunSetup & { readonly factors?: readonly Factor[] }, job: number | SampledSeed): Answer<SeedDecomposition> => {
    if (typeof job === 'number' || !setup.factors) return [decomposeSeed({ ...setup, seed: typeof job === 'number' ? job : job.seed }), []];
    // a run that drew its assumptions is decomposed with them
    return [decomposeSeed({ ...setup, scenario: scenarioAtPoint(setup.calibration.params, setup.scenario, setup.factors, job.x), seed: job.seed }), []];
  },
  /** One (point, seed) of a sweep. */
  sweep: (setup: SweepJobSetup, job: SweepJob): Answer<SweepJobResult> => {
    const r = runSweepJob(setup, job);
    return [r, r.ok ? [r.values.buffer as ArrayBuffer] : []];
  },
  /** One design point of a sensitivity analysis (every seed, and the baseline when there is one). */
  sensitivity: (setup: SensitivityJobSetup, job: SensitivityJob): Answer<SensitivityJobResult> => {
    const r = runSensitivityJob(setup, job);
    return [r, r.ok ? [r.values.buffer as ArrayBuffer] : []];
  },
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskSetup<T extends TaskName> = Parameters<(typeof TASKS)[T]>[0];
export type TaskJob<T extends TaskName> = Parameters<(typeof TASKS)[T]>[1];
export type TaskResult<T extends TaskName> = ReturnType<(typeof TASKS)[T]>[0];

/** What a worker thread is started with. */
export interface WorkerData<T extends TaskName = TaskName> {
  readonly task: T;
  readonly setup: TaskSetup<T>;
}
