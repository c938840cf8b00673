import type { Issue, Outcome } from '../input/issues.js';
import { failure } from '../input/issues.js';
import { addMonths, monthsBetween } from '../model/calendar.js';
import { runFileContent } from '../results/runResult.js';
import { stateFileContent } from '../results/stateDocument.js';
import { continueRun, runScenario, runWithCheckpoint, withFirms } from '../runner/runScenario.js';
import type { Env } from './env.js';
import { loadInputs, type LoadedInputs } from './inputs.js';
import { branchIssue, isFolder, readStateFile, readStateFolder, STATE_SUFFIX, statesOf, type ReadState } from './states.js';
import { locateRunIssue } from './scenarioLocation.js';
import { refuseExisting, writeAll } from './write.js';

/** What every command that runs a scenario takes: the scenario, where to write, the firm count and the calibration. */
export interface ScenarioArgs {
  readonly scenario: string;
  readonly out?: string | undefined;
  readonly force: boolean;
  /** Overrides the scenario's firm count. */
  readonly firms?: number | undefined;
  /** Calibration file (default: the shipped one). */
  readonly calibration?: string | undefined;
}

export interface RunArgs extends ScenarioArgs {
  readonly seed?: number | undefined;
  /** Also write the state after this month (YYYY-MM). */
  readonly checkpointAt?: string | undefined;
  readonly checkpointOut?: string | undefined;
  /** Continue this state file instead of starting from the scenario's start; or, with `seed`, that seed's state in this folder. */
  readonly fromState?: string | undefined;
}

/** What a run wrote (paths as the user gave or sees them) and the scenario's warnings. */
export interface RunDone {
  readonly written: readonly string[];
  readonly warnings: readonly Issue[];
}

/** A file-name-safe form of a scenario name. */
export const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';

/** A file in a folder as the user named the folder (a trailing slash or none). */
export const inFolder = (folder: string, file: string): string => `${folder.replace(/\/+$/, '')}/${file}`;

/** The file name of a seed's run result: `<scenario>-seed<N>.json`. */
export const runFileName = (scenario: string, seed: number, width = 0): string => `${slug(scenario)}-seed${String(seed).padStart(width, '0')}.json`;

/** The file name of a seed's state after a month: `<scenario>-seed<N>-<YYYY-MM>.state.json`. */
export const stateFileName = (scenario: string, seed: number, month: string): string => `${slug(scenario)}-seed${seed}-${month}${STATE_SUFFIX}`;

/** The step of a checkpoint month (YYYY-MM) of a scenario's run, from 0 (its start state) to its horizon. */
export function checkpointStep(scenario: { readonly start: string; readonly horizon: number }, month: string): Outcome<{ step: number }> {
  const { start, horizon } = scenario;
  const k = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? monthsBetween(start, month) : Number.NaN;
  return k >= 0 && k <= horizon ? { ok: true, step: k } : fail(`--checkpoint-at ${month}: expected a month of this run as YYYY-MM, from ${start} (the start state) to ${addMonths(start, horizon)}`);
}

/** Why a checkpoint cannot be asked of a continued state. */
export const CHECKPOINT_FROM_STATE = '--checkpoint-at with --from-state: continue the state first, then checkpoint a run of the scenario itself';

/** A run's failure as the CLI tells it: the run stopped, and nothing was written. */
const stopped = (texts: ReadonlyMap<string, string>, i: Issue): Issue => locateRunIssue(texts, { ...i, message: `Run stopped, ${i.message}. No result was written.` });

/**
 * One seed of a scenario to one result file; optionally also the state after a month
 * (`checkpointAt`), or continuing a saved state (`fromState`: the same scenario
 * resumes it, another branches from it). Every destination is checked before any
 * work, so a refusal writes nothing.
 */
export function runOne(env: Env, args: RunArgs): Outcome<RunDone> {
  const loaded = loadInputs(env, args.scenario, args.calibration);
  if (!loaded.ok) return loaded;
  const { inputs, warnings, texts } = loaded;
  if (args.checkpointOut !== undefined && args.checkpointAt === undefined) return fail('--checkpoint-out needs --checkpoint-at YYYY-MM: the month after which to save the state');
  if (args.fromState !== undefined && args.checkpointAt !== undefined) return fail(CHECKPOINT_FROM_STATE);
  const state = args.fromState === undefined ? undefined : stateToContinue(env, args.fromState, loaded, args);
  if (state && !state.ok) return state;
  const seed = state?.doc.seed ?? args.seed ?? inputs.scenario.seeds[0] ?? 1;
  const out = args.out ?? `results/${runFileName(inputs.scenario.name, seed)}`;
  const setup = withFirms(inputs, args.firms);

  let checkpoint: number | undefined;
  if (args.checkpointAt !== undefined) {
    const k = checkpointStep(inputs.scenario, args.checkpointAt);
    if (!k.ok) return k;
    checkpoint = k.step;
  }
  const stateOut = checkpoint === undefined ? undefined : (args.checkpointOut ?? `results/${stateFileName(inputs.scenario.name, seed, args.checkpointAt!)}`);
  const refused = refuseExisting(env, [
    { path: out, remedy: 'choose another --out' },
    ...(stateOut !== undefined ? [{ path: stateOut, remedy: 'choose another --checkpoint-out' }] : []),
  ], args.force);
  if (refused) return refused;

  if (state) {
    const response = continueRun(setup, state.doc, state.sha256);
    if (!response.ok) {
      const located = response.issues.map((d) => (d.code === 'BRANCH_DIVERGES' ? branchIssue(texts, d, env.files.shown(state.file), state.doc.month) : stopped(texts, d)));
      return { ok: false, issues: located };
    }
    return done(writeAll(env, [{ path: out, content: runFileContent(response.result) }], args.force), warnings);
  }
  if (checkpoint !== undefined && stateOut !== undefined) {
    const response = runWithCheckpoint({ ...setup, seed }, checkpoint);
    if (!response.ok) return { ok: false, issues: response.issues.map((i) => stopped(texts, i)) };
    return done(writeAll(env, [{ path: stateOut, content: stateFileContent(response.state) }, { path: out, content: runFileContent(response.result) }], args.force), warnings);
  }
  const response = runScenario({ ...setup, seed });
  if (!response.ok) return { ok: false, issues: response.issues.map((i) => stopped(texts, i)) };
  return done(writeAll(env, [{ path: out, content: runFileContent(response.result) }], args.force), warnings);
}

const fail = (message: string): Outcome<never> => failure('INVALID_OPTION', message);

function done(written: Outcome<{ written: readonly string[] }>, warnings: readonly Issue[]): Outcome<RunDone> {
  return written.ok ? { ok: true, written: written.written, warnings } : written;
}

/**
 * The state a single run continues: the file given, or, when a folder is given, the
 * state of `--seed` in it (the whole folder is checked first, as for an ensemble).
 */
function stateToContinue(env: Env, given: string, loaded: { inputs: LoadedInputs; texts: ReadonlyMap<string, string> }, args: RunArgs): Outcome<ReadState> {
  const checks = { inputs: loaded.inputs, seed: args.seed, firms: args.firms };
  if (!isFolder(env, given)) return readStateFile(env, env.files.resolve('.', given), checks);
  if (args.seed === undefined) return fail(`--from-state ${given} is a folder: continue one seed's state with --seed N, or all of them as an ensemble (in the library: continueEnsemble)`);
  const folder = readStateFolder(env, given, loaded, args.firms);
  if (!folder.ok) return folder;
  const chosen = statesOf(folder, [args.seed], given, '--seed');
  return chosen.ok ? readStateFile(env, chosen.states[0]!.file, checks) : chosen;
}
