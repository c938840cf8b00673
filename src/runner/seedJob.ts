import { failure, type Outcome, type Issue } from '../input/issues.js';
import { summariseSeed, type SeedOutcome } from '../analysis/ensemble.js';
import type { RunOutput } from '../engine/simulate.js';
import { buildRunResult, runFileContent, type RunResult } from '../results/runResult.js';
import { stateFileContent, type StateDocument } from '../results/stateDocument.js';
import type { Factor } from '../analysis/sensitivity.js';
import { factorValuesUsed, scenarioAtPoint } from './sensitivityJob.js';
import { continueSimulation, resultOf, simulateScenario, simulateWithCheckpoint, type RunSetup } from './runScenario.js';

/** What one ensemble job needs besides its seed (or its state). */
export interface SeedJobSetup {
  readonly setup: RunSetup;
  /** Also return the run's own result document (for `--keep-runs`). */
  readonly keepRuns: boolean;
  /** Also return the state after this many months (for `--checkpoint-at`); not for continued states. */
  readonly checkpointStep?: number | undefined;
  /** Assumptions drawn per run (`--sample-assumptions`): each job then carries its unit-cube coordinates. */
  readonly factors?: readonly Factor[];
}

/** A seed with its drawn assumptions, as unit-cube coordinates of the setup's factors. */
export interface SampledSeed {
  readonly seed: number;
  readonly x: Float64Array;
}

export interface SeedJobResult {
  readonly outcome: SeedOutcome;
  /** The run's result file content, byte-identical to `mvsim run --seed`, when asked for. */
  readonly runJson?: string;
  /** The state file content, byte-identical to `mvsim run --seed N --checkpoint-at`, when asked for. */
  readonly stateJson?: string;
}

/**
 * A saved state for a worker to continue: its file's text, read just before the job
 * was sent, with the SHA-256 checked then; or why it could not be read.
 */
/** A state to continue, as read just before its job is sent: its text and hash, or why it could not be read. */
export type StateJob = { readonly file: string; readonly text: string; readonly sha256: string } | { readonly file: string; readonly issues: readonly Issue[] };

/** A finished run as an ensemble keeps it, with its result document when asked for. */
const kept = (output: RunOutput, result: (() => RunResult) | undefined): SeedJobResult => {
  const outcome: SeedOutcome = { ok: true, summary: summariseSeed(output) };
  return result ? { outcome, runJson: runFileContent(result()) } : { outcome };
};

/** A thrown error becomes a failed outcome naming the cause, never a lost seed. */
function guarded(job: () => SeedJobResult): SeedJobResult {
  try {
    return job();
  } catch (e) {
    return { outcome: failure('RUN_FAILED', e instanceof Error ? e.message : String(e)) };
  }
}

/** Runs one seed of an ensemble (and saves its state after `checkpointStep` months, when asked); a broken invariant or a thrown error becomes a failed outcome. */
export function runSeedJob(job: SeedJobSetup, given: number | SampledSeed): SeedJobResult {
  return guarded(() => {
    const sampled = typeof given === 'number' ? undefined : given;
    const seed = sampled ? sampled.seed : (given as number);
    const params = job.setup.calibration.params;
    const scenario = sampled && job.factors ? scenarioAtPoint(params, job.setup.scenario, job.factors, sampled.x) : job.setup.scenario;
    const req = { ...job.setup, scenario, seed };
    const sim: Outcome<{ output: RunOutput; firms: number; state?: StateDocument }> = job.checkpointStep === undefined ? simulateScenario(req) : simulateWithCheckpoint(req, job.checkpointStep);
    if (!sim.ok) return { outcome: sim };
    const r = kept(sim.output, job.keepRuns ? () => resultOf(req, sim.output, sim.firms) : undefined);
    const withAssumptions = sampled && job.factors && r.outcome.ok ? { ...r, outcome: { ...r.outcome, summary: { ...r.outcome.summary, assumptions: factorValuesUsed(params, scenario, job.factors) } } } : r;
    return sim.state ? { ...withAssumptions, stateJson: stateFileContent(sim.state) } : withAssumptions;
  });
}

/** Continues one saved state of an ensemble to the horizon of the setup's scenario (a resume or a branch, as `continueRun`). */
export function continueSeedJob(job: SeedJobSetup, state: StateJob): SeedJobResult {
  return guarded(() => {
    if ('issues' in state) return { outcome: { ok: false, issues: state.issues } };
    // The text has the SHA-256 of the file the checking pass validated (the job's reader compares them),
    // so it is that state: it is not validated again, and a worker needs no parser of its own.
    const doc = JSON.parse(state.text) as StateDocument;
    const c = continueSimulation(job.setup, doc, state.sha256);
    if (!c.ok) return { outcome: c };
    return kept(c.output, job.keepRuns ? () => buildRunResult(c.meta, c.output) : undefined);
  });
}
