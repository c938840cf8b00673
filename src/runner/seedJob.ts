import { failure } from '../input/issues.js';
import { summariseSeed, type SeedOutcome } from '../analysis/ensemble.js';
import { runFileContent } from '../results/runResult.js';
import { resultOf, simulateScenario, type RunSetup } from './runScenario.js';

/** What one ensemble job needs besides its seed. */
export interface SeedJobSetup {
  readonly setup: RunSetup;
  /** Also return the run's own result document (for `--keep-runs`). */
  readonly keepRuns: boolean;
}

export interface SeedJobResult {
  readonly outcome: SeedOutcome;
  /** The run's result file content, byte-identical to `mvsim run --seed`, when asked for. */
  readonly runJson?: string;
}

/** Runs one seed of an ensemble; a broken invariant or a thrown error becomes a failed outcome naming the cause, never a lost seed. */
export function runSeedJob(job: SeedJobSetup, seed: number): SeedJobResult {
  try {
    const req = { ...job.setup, seed };
    const sim = simulateScenario(req);
    if (!sim.ok) return { outcome: sim };
    const outcome: SeedOutcome = { ok: true, summary: summariseSeed(sim.output) };
    return job.keepRuns ? { outcome, runJson: runFileContent(resultOf(req, sim.output, sim.firms)) } : { outcome };
  } catch (e) {
    return { outcome: failure('RUN_FAILED', e instanceof Error ? e.message : String(e)) };
  }
}
