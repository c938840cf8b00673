import { capIssues, plainIssue, type Issue, type Outcome } from '../input/issues.js';
import { topLevelKeyLine } from '../results/parseResult.js';
import { parseStateDocument } from '../results/parseState.js';
import type { StateDocument } from '../results/stateDocument.js';
import { stateDivergence, withFirms, type RunSetup } from '../runner/runScenario.js';
import type { Env } from './env.js';
import type { LoadedInputs } from './inputs.js';
import { scenarioIssue } from './scenarioLocation.js';

/** The largest result or state file read (an ensemble of 10,000 seeds is about 18 MB; a state of 1,000,000 firms about 55 MB). */
export const MAX_RESULT_BYTES = 512 * 1024 * 1024;

/** The files of a folder that `--from-state DIR` continues. */
export const STATE_SUFFIX = '.state.json';

/** The most problems reported for one folder of states; the rest are counted. */
const MAX_FOLDER_ISSUES = 20;

/** A state file read and checked for continuing with the inputs given. */
export interface ReadState {
  readonly file: string;
  readonly doc: StateDocument;
  readonly sha256: string;
}

/** What a state's run has to share with the inputs it is continued with, and the seed and firm count asked for, if any. */
export interface StateChecks {
  readonly inputs: LoadedInputs;
  readonly seed?: number | undefined;
  readonly firms?: number | undefined;
}

/** A problem with a state file, located at one of its top-level fields. */
const stateIssue = (file: string, text: string, field: string, message: string): Issue => ({ code: 'INCOMPARABLE', severity: 'error', file, line: topLevelKeyLine(text, field), column: 1, path: [field], message });

/** Why a state cannot be continued with these inputs: another engine or calibration (it would not continue draw for draw), or another seed or firm count than asked for. */
function checkState(file: string, text: string, doc: StateDocument, checks: StateChecks): Issue[] {
  const at = (field: string, message: string): Issue => stateIssue(file, text, field, message);
  const issues: Issue[] = [];
  const p = checks.inputs.provenance;
  if (doc.engine.version !== p.engineVersion) issues.push(at('engine', `made by mvsim ${doc.engine.version}; this is ${p.engineVersion}, which need not continue it draw for draw. Re-run the scenario with this version`));
  if (doc.calibration.sha256 !== p.calibrationSha256) issues.push(at('calibration', `made with calibration ${doc.calibration.sha256.slice(0, 12)}…; the calibration given is ${p.calibrationSha256.slice(0, 12)}…. Pass the one it was made with (--calibration FILE)`));
  if (checks.seed !== undefined && checks.seed !== doc.seed) issues.push(at('seed', `--seed ${checks.seed}: the state was made with seed ${doc.seed}, and continues with it (leave out --seed)`));
  if (checks.firms !== undefined && checks.firms !== doc.firms) issues.push(at('firms', `--firms ${checks.firms}: the state has ${doc.firms} firms (leave out --firms)`));
  return issues;
}

/** Reads and parses a state file; every problem is located in it. */
function readStateText(env: Env, file: string): Outcome<{ text: string; doc: StateDocument }> {
  const got = env.files.read(file, MAX_RESULT_BYTES, 'a JSON state file');
  if (!got.ok) return got;
  const parsed = parseStateDocument(file, got.text);
  return parsed.ok ? { ok: true, text: got.text, doc: parsed.doc } : parsed;
}

/**
 * Reads and checks a state file for continuing: its format, then that this engine and
 * calibration made it (another would not continue it draw for draw), then the seed
 * and firm count asked for, if any. Every problem is located in the state file.
 */
export function readStateFile(env: Env, file: string, checks: StateChecks): Outcome<ReadState> {
  const read = readStateText(env, file);
  if (!read.ok) return read;
  const issues = checkState(file, read.text, read.doc, checks);
  return issues.length ? { ok: false, issues } : { ok: true, file, doc: read.doc, sha256: env.sha256(read.text) };
}

/**
 * A branch's divergence from the states' run, located in the scenario file given
 * (`texts`, as the loader read them); `what` names the state or states.
 */
export function branchIssue(texts: ReadonlyMap<string, string>, d: Issue, what: string, month: string): Issue {
  return scenarioIssue(texts, d.code, d.path, `Cannot continue ${what} (${month}) with this scenario: ${d.message}. A branch must agree with the state's run up to ${month}; only events starting after it may differ`);
}

/** One state of a folder as the checking pass keeps it: where it is, its seed and its file's SHA-256, not its world. */
export interface StateEntry {
  readonly file: string;
  readonly seed: number;
  readonly sha256: string;
}

/** A folder of states of one run at one month, checked: each state by seed, and what they share. */
export interface StateFolder {
  /** Ascending seeds. */
  readonly states: readonly StateEntry[];
  /** The month, firm count and scenario every state shares (the first state's header). */
  readonly header: Pick<StateDocument, 'month' | 'firms' | 'scenario'>;
}

/** A few seeds for a message: `1, 2, 3`, or the first five and how many more. */
const someSeeds = (seeds: readonly number[]): string => (seeds.length <= 5 ? seeds.join(', ') : `${seeds.slice(0, 5).join(', ')} and ${seeds.length - 5} more`);

/**
 * Reads and checks every `*.state.json` of a folder, one at a time (only one state is
 * in memory at once; only headers and hashes are kept): each must be a state this
 * engine and calibration made (and of the firm count asked for, if any); all must be of
 * one scenario, month and firm count, with one state per seed; and the scenario given
 * must agree with their run up to their month (else the difference is located in
 * the scenario file). Problems are located in the files; at most 20 are listed.
 */
export function readStateFolder(env: Env, given: string, loaded: { inputs: LoadedInputs; texts: ReadonlyMap<string, string> }, firms?: number): Outcome<StateFolder> {
  const dir = env.files.resolve('.', given);
  const listed = env.files.jsonFiles(dir);
  if (listed === undefined) return { ok: false, issues: [plainIssue('INVALID_OPTION', `--from-state ${given}: ${env.files.exists(dir) ? 'not a folder; a single state file continues as one run (leave out --seeds)' : 'no such folder'}`)] };
  const files = listed.filter((f) => f.endsWith(STATE_SUFFIX));
  if (!files.length) return { ok: false, issues: [plainIssue('INVALID_OPTION', `--from-state ${given}: the folder holds no *${STATE_SUFFIX} files; write them with run --seeds … --checkpoint-at YYYY-MM --checkpoint-dir ${given}`)] };
  const setup: RunSetup = withFirms(loaded.inputs, firms);
  const issues: Issue[] = [];
  const diverges = new Map<string, Issue>();
  const states: StateEntry[] = [];
  const bySeed = new Map<number, string>();
  let first: { file: string; header: StateFolder['header'] } | undefined;
  for (const file of files) {
    const read = readStateText(env, file);
    if (!read.ok) {
      issues.push(...read.issues);
      continue;
    }
    const { text, doc } = read;
    const own = checkState(file, text, doc, { inputs: loaded.inputs, firms });
    if (first === undefined) first = { file, header: { month: doc.month, firms: doc.firms, scenario: doc.scenario } };
    else {
      const h = first.header;
      const other = `${env.files.shown(first.file)}`;
      const mixed = (field: string, mine: string, theirs: string): Issue => stateIssue(file, text, field, `this state is ${mine}; ${other} is ${theirs}. A folder given to --from-state holds the states of one run at one month`);
      if (doc.scenario.sha256 !== h.scenario.sha256) own.push(mixed('scenario', `of scenario ${doc.scenario.name} (${doc.scenario.sha256.slice(0, 12)}…)`, `of ${h.scenario.name} (${h.scenario.sha256.slice(0, 12)}…)`));
      if (doc.month !== h.month) own.push(mixed('month', `at ${doc.month}`, `at ${h.month}`));
      if (doc.firms !== h.firms) own.push(mixed('firms', `of ${doc.firms} firms`, `of ${h.firms}`));
    }
    const twin = bySeed.get(doc.seed);
    if (twin !== undefined) own.push(stateIssue(file, text, 'seed', `a second state of seed ${doc.seed}: ${env.files.shown(twin)} is one too; keep one state per seed in the folder`));
    else bySeed.set(doc.seed, file);
    if (!own.length) {
      const d = stateDivergence(setup, doc);
      if (d) diverges.set(`${d.path.join('.')}\n${d.message}`, d);
    }
    issues.push(...own);
    states.push({ file, seed: doc.seed, sha256: env.sha256(text) });
  }
  for (const d of diverges.values()) issues.push(branchIssue(loaded.texts, d, `the states in ${given}`, first!.header.month));
  if (issues.length) return { ok: false, issues: capIssues(issues, MAX_FOLDER_ISSUES, (n) => `…and ${n} more problems with the states in ${given}`) };
  return { ok: true, states: states.sort((a, b) => a.seed - b.seed), header: first!.header };
}

/** The states of these seeds (every state when `seeds` is undefined), or an issue naming the seeds that have none. */
export function statesOf(folder: StateFolder, seeds: readonly number[] | undefined, given: string, flag: string): Outcome<{ states: readonly StateEntry[] }> {
  if (seeds === undefined) return { ok: true, states: folder.states };
  const bySeed = new Map(folder.states.map((s) => [s.seed, s]));
  const missing = seeds.filter((s) => !bySeed.has(s));
  if (missing.length) {
    const held = folder.states.map((s) => s.seed);
    return { ok: false, issues: [plainIssue('INVALID_OPTION', `${flag}: ${given} holds no state${missing.length > 1 ? 's' : ''} of seed${missing.length > 1 ? 's' : ''} ${someSeeds(missing)}; it holds ${held.length} state${held.length > 1 ? 's' : ''}, of seed${held.length > 1 ? 's' : ''} ${someSeeds(held)}`)] };
  }
  return { ok: true, states: seeds.map((s) => bySeed.get(s)!) };
}

/** Whether a path given for `--from-state` is a folder (of states) rather than one state file. */
export const isFolder = (env: Env, given: string): boolean => env.files.jsonFiles(env.files.resolve('.', given)) !== undefined;
