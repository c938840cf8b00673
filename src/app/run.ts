import type { Issue, Outcome } from '../input/issues.js';
import { plainIssue } from '../input/issues.js';
import { monthsBetween } from '../model/calendar.js';
import { topLevelKeyLine } from '../results/parseResult.js';
import { runFileContent } from '../results/runResult.js';
import { parseStateDocument, stateFileContent, type StateDocument } from '../results/stateDocument.js';
import { continueRun, runScenario, runWithCheckpoint } from '../runner/runScenario.js';
import type { Env } from './env.js';
import { loadInputs, type LoadedInputs } from './inputs.js';
import { scenarioIssue } from './scenarioLocation.js';
import { refuseExisting, writeAll } from './write.js';

/** The largest result or state file read (an ensemble of 10,000 seeds is about 18 MB; a state of 1,000,000 firms about 55 MB). */
export const MAX_RESULT_BYTES = 512 * 1024 * 1024;

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
  /** Continue this state file instead of starting from the scenario's start. */
  readonly fromState?: string | undefined;
}

/** What a run wrote (paths as the user gave or sees them) and the scenario's warnings. */
export interface RunDone {
  readonly written: readonly string[];
  readonly warnings: readonly Issue[];
}

/** A file-name-safe form of a scenario name. */
export const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';

/** A run's failure as the CLI tells it: the run stopped, and nothing was written. */
const stopped = (i: Issue): Issue => ({ ...i, message: `Run stopped, ${i.message}. No result was written.` });

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
  if (args.fromState !== undefined && args.checkpointAt !== undefined) return fail('--checkpoint-at with --from-state: continue the state first, then checkpoint a run of the scenario itself');
  const state = args.fromState === undefined ? undefined : readState(env, inputs, args);
  if (state && !state.ok) return state;
  const seed = state?.doc.seed ?? args.seed ?? inputs.scenario.seeds[0] ?? 1;
  const out = args.out ?? `results/${slug(inputs.scenario.name)}-seed${seed}.json`;
  const setup = { ...inputs, ...(args.firms !== undefined ? { firms: args.firms } : {}) };

  let checkpoint: number | undefined;
  if (args.checkpointAt !== undefined) {
    const { start, horizon } = inputs.scenario;
    const k = /^\d{4}-(0[1-9]|1[0-2])$/.test(args.checkpointAt) ? monthsBetween(start, args.checkpointAt) : Number.NaN;
    if (!(k >= 0 && k <= horizon)) return fail(`--checkpoint-at ${args.checkpointAt}: expected a month of this run as YYYY-MM, from ${start} (the start state) to its last month`);
    checkpoint = k;
  }
  const stateOut = checkpoint === undefined ? undefined : (args.checkpointOut ?? `results/${slug(inputs.scenario.name)}-seed${seed}-${args.checkpointAt}.state.json`);
  const refused = refuseExisting(env, [
    { path: out, remedy: 'choose another --out' },
    ...(stateOut !== undefined ? [{ path: stateOut, remedy: 'choose another --checkpoint-out' }] : []),
  ], args.force);
  if (refused) return refused;

  if (state) {
    const response = continueRun(setup, state.doc, state.sha256);
    if (!response.ok) {
      const located = response.issues.map((d) =>
        d.code === 'BRANCH_DIVERGES'
          ? scenarioIssue(texts, d.code, d.path, `Cannot continue ${env.files.shown(state.file)} (${state.doc.month}) with this scenario: ${d.message}. A branch must agree with the state's run up to ${state.doc.month}; only events starting after it may differ`)
          : stopped(d),
      );
      return { ok: false, issues: located };
    }
    return done(writeAll(env, [{ path: out, content: runFileContent(response.result) }], args.force), warnings);
  }
  if (checkpoint !== undefined && stateOut !== undefined) {
    const response = runWithCheckpoint({ ...setup, seed }, checkpoint);
    if (!response.ok) return { ok: false, issues: response.issues.map(stopped) };
    return done(writeAll(env, [{ path: stateOut, content: stateFileContent(response.state) }, { path: out, content: runFileContent(response.result) }], args.force), warnings);
  }
  const response = runScenario({ ...setup, seed });
  if (!response.ok) return { ok: false, issues: response.issues.map(stopped) };
  return done(writeAll(env, [{ path: out, content: runFileContent(response.result) }], args.force), warnings);
}

const fail = (message: string): Outcome<never> => ({ ok: false, issues: [plainIssue('INVALID_OPTION', message)] });

function done(written: Outcome<{ written: readonly string[] }>, warnings: readonly Issue[]): Outcome<RunDone> {
  return written.ok ? { ok: true, written: written.written, warnings } : written;
}

/**
 * Reads and checks a state file for continuing: its format, then that this engine and
 * calibration made it (another would not continue it draw for draw), then the seed
 * and firm count asked for, if any. Every problem is located in the state file.
 */
function readState(env: Env, inputs: LoadedInputs, args: RunArgs): Outcome<{ file: string; doc: StateDocument; sha256: string }> {
  const file = env.files.resolve('.', args.fromState!);
  const got = env.files.read(file, MAX_RESULT_BYTES, 'a JSON state file');
  if (!got.ok) return got;
  const parsed = parseStateDocument(file, got.text);
  if (!parsed.ok) return parsed;
  const doc = parsed.doc;
  const at = (field: string, message: string): Issue => ({ code: 'INCOMPARABLE', severity: 'error', file, line: topLevelKeyLine(got.text, field), column: 1, path: [field], message });
  const issues: Issue[] = [];
  const p = inputs.provenance;
  if (doc.engine.version !== p.engineVersion) issues.push(at('engine', `made by mvsim ${doc.engine.version}; this is ${p.engineVersion}, which need not continue it draw for draw. Re-run the scenario with this version`));
  if (doc.calibration.sha256 !== p.calibrationSha256) issues.push(at('calibration', `made with calibration ${doc.calibration.sha256.slice(0, 12)}…; the calibration given is ${p.calibrationSha256.slice(0, 12)}…. Pass the one it was made with (--calibration FILE)`));
  if (args.seed !== undefined && args.seed !== doc.seed) issues.push(at('seed', `--seed ${args.seed}: the state was made with seed ${doc.seed}, and continues with it (leave out --seed)`));
  if (args.firms !== undefined && args.firms !== doc.firms) issues.push(at('firms', `--firms ${args.firms}: the state has ${doc.firms} firms (leave out --firms)`));
  return issues.length ? { ok: false, issues } : { ok: true, file, doc, sha256: env.sha256(got.text) };
}
