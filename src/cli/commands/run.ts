import { resolve } from 'node:path';
import type { Issue } from '../../input/issues.js';
import { MAX_RESULT_BYTES, sha256 } from '../../io/files.js';
import { monthsBetween } from '../../model/calendar.js';
import { topLevelKeyLine } from '../../results/parseResult.js';
import { runFileContent } from '../../results/runResult.js';
import { parseStateDocument, stateFileContent, type StateDocument } from '../../results/stateDocument.js';
import { continueRun, runScenario, runWithCheckpoint } from '../../runner/runScenario.js';
import { loadInputs, SourceReader, type LoadedInputs } from '../inputs.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { formatBreach } from '../present.js';
import { scenarioIssue } from '../scenarioLocation.js';
import { refuseExisting, writeResult } from '../writeResult.js';

export interface RunArgs {
  readonly scenario: string;
  readonly seed?: number | undefined;
  readonly out?: string | undefined;
  readonly force: boolean;
  readonly firms?: number | undefined;
  readonly calibration?: string | undefined;
  /** Also write the state after this month (YYYY-MM). */
  readonly checkpointAt?: string | undefined;
  readonly checkpointOut?: string | undefined;
  /** Continue this state file instead of starting from the scenario's start. */
  readonly fromState?: string | undefined;
}

/** A file-name-safe form of a scenario name. */
export const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';

/** `mvsim run`: one seed of a scenario to one result file, optionally writing a checkpoint or continuing one. */
export function runCommand(io: CliIo, args: RunArgs): number {
  const reader: SourceReader = new SourceReader(io);
  const inputs = loadInputs(io, args.scenario, args.calibration, reader);
  const scenarioTexts = new Map(reader.texts);
  if (args.checkpointOut !== undefined && args.checkpointAt === undefined) throw new UsageError('--checkpoint-out needs --checkpoint-at YYYY-MM: the month after which to save the state');
  if (args.fromState !== undefined && args.checkpointAt !== undefined) throw new UsageError('--checkpoint-at with --from-state: continue the state first, then checkpoint a run of the scenario itself');
  const state = args.fromState === undefined ? undefined : readState(io, reader, inputs, args);
  const seed = state?.doc.seed ?? args.seed ?? inputs.scenario.seeds[0] ?? 1;
  const shown = args.out ?? `results/${slug(inputs.scenario.name)}-seed${seed}.json`;
  const setup = { ...inputs, ...(args.firms !== undefined ? { firms: args.firms } : {}) };

  const checkpoint = args.checkpointAt === undefined ? undefined : checkpointStep(inputs, args.checkpointAt);
  const stateShown = checkpoint === undefined ? undefined : (args.checkpointOut ?? `results/${slug(inputs.scenario.name)}-seed${seed}-${args.checkpointAt}.state.json`);
  // Both destinations are checked before any work, so a refusal writes nothing.
  refuseExisting(resolve(io.cwd, shown), shown, args.force);
  if (stateShown !== undefined) refuseExisting(resolve(io.cwd, stateShown), stateShown, args.force, 'choose another --checkpoint-out');

  if (state) {
    const response = continueRun(setup, state.doc, state.sha256);
    if (!response.ok) {
      if ('divergence' in response) {
        const d = response.divergence;
        reader.fail([scenarioIssue(scenarioTexts, 'BRANCH_DIVERGES', d.path, `Cannot continue ${reader.rel(state.file)} (${state.doc.month}) with this scenario: ${d.message}. A branch must agree with the state's run up to ${state.doc.month}; only events starting after it may differ`)]);
      }
      io.stderr(formatBreach(response.seed, response.breach));
      return EXIT_FAILURE;
    }
    writeResult(resolve(io.cwd, shown), shown, runFileContent(response.result), args.force);
    io.stdout(`${shown}\n`);
    return EXIT_OK;
  }

  if (checkpoint !== undefined) {
    const response = runWithCheckpoint({ ...setup, seed }, checkpoint);
    if (!response.ok) {
      io.stderr(formatBreach(response.seed, response.breach));
      return EXIT_FAILURE;
    }
    writeResult(resolve(io.cwd, stateShown!), stateShown!, stateFileContent(response.state), args.force);
    writeResult(resolve(io.cwd, shown), shown, runFileContent(response.result), args.force);
    io.stdout(`${shown}\n${stateShown!}\n`);
    return EXIT_OK;
  }

  const response = runScenario({ ...setup, seed });
  if (!response.ok) {
    io.stderr(formatBreach(response.seed, response.breach));
    return EXIT_FAILURE;
  }
  writeResult(resolve(io.cwd, shown), shown, runFileContent(response.result), args.force);
  io.stdout(`${shown}\n`);
  return EXIT_OK;
}

/** The step of `--checkpoint-at`: a month of the run, from its start (step 0) to its last month. */
function checkpointStep(inputs: LoadedInputs, month: string): number {
  const { start, horizon } = inputs.scenario;
  const k = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? monthsBetween(start, month) : Number.NaN;
  if (!(k >= 0 && k <= horizon)) throw new UsageError(`--checkpoint-at ${month}: expected a month of this run as YYYY-MM, from ${start} (the start state) to its last month`);
  return k;
}

/**
 * Reads and checks a state file for continuing: its format, then that this engine and
 * calibration made it (another would not continue it draw for draw), then the seed
 * and firm count asked for, if any. Every problem is a located usage error.
 */
function readState(io: CliIo, reader: SourceReader, inputs: LoadedInputs, args: RunArgs): { file: string; doc: StateDocument; sha256: string } {
  const file = resolve(io.cwd, args.fromState!);
  const got = reader.read(file, MAX_RESULT_BYTES, 'a JSON state file');
  if (!got.ok) reader.fail([got.issue]);
  const parsed = parseStateDocument(file, got.text);
  if (!parsed.ok) reader.fail(parsed.issues);
  const doc = parsed.doc;
  const at = (field: string, message: string): Issue => ({ code: 'INCOMPARABLE', severity: 'error', file, line: topLevelKeyLine(got.text, field), column: 1, path: [field], message });
  const problems: Issue[] = [];
  const p = inputs.provenance;
  if (doc.engine.version !== p.engineVersion) problems.push(at('engine', `made by mvsim ${doc.engine.version}; this is ${p.engineVersion}, which need not continue it draw for draw. Re-run the scenario with this version`));
  if (doc.calibration.sha256 !== p.calibrationSha256) problems.push(at('calibration', `made with calibration ${doc.calibration.sha256.slice(0, 12)}…; the calibration given is ${p.calibrationSha256.slice(0, 12)}…. Pass the one it was made with (--calibration FILE)`));
  if (args.seed !== undefined && args.seed !== doc.seed) problems.push(at('seed', `--seed ${args.seed}: the state was made with seed ${doc.seed}, and continues with it (leave out --seed)`));
  if (args.firms !== undefined && args.firms !== doc.firms) problems.push(at('firms', `--firms ${args.firms}: the state has ${doc.firms} firms (leave out --firms)`));
  if (problems.length) reader.fail(problems);
  return { file, doc, sha256: sha256(got.text) };
}
