/**
 * `mvsim`: the Node library — everything `mvsim/engine` offers, plus the use cases of
 * the command line as functions: load and validate scenario files, run them and
 * ensembles of them (with checkpoints and branches), comparisons, sweeps,
 * explanations and reports. Each takes an `Env` (files, worker threads, hashing;
 * `nodeEnv()` gives the real ones) and returns `{ ok: true, … }` or
 * `{ ok: false, issues }`; none throws for a mistake in its input.
 *
 * @example Load a shipped scenario file and run one seed in memory
 * ```ts
 * import { loadInputs, nodeEnv, run, SHIPPED_SCENARIOS_DIR } from 'mvsim';
 *
 * const env = nodeEnv();
 * const loaded = loadInputs(env, `${SHIPPED_SCENARIOS_DIR}/pipeline-disruption.yaml`, undefined);
 * if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
 * const r = run({ ...loaded.inputs, seed: 1, firms: 1000 });
 * if (!r.ok) throw new Error(r.issues[0]!.message);
 * const oil = r.result.series['trade.oilExportVolume']!;
 * console.log(r.result.scenario.name, Math.min(...oil) < oil[0]!);
 * // prints: pipeline-disruption true
 * ```
 *
 * @example An ensemble on worker threads, then its spread across seeds
 * ```ts
 * import { compareResults, nodeEnv, runEnsemble, SHIPPED_SCENARIOS_DIR } from 'mvsim';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const env = nodeEnv();
 * const out = join(mkdtempSync(join(tmpdir(), 'mvsim-')), 'baseline.json');
 * const e = await runEnsemble(env, { scenario: `${SHIPPED_SCENARIOS_DIR}/baseline-2022.yaml`, seeds: [1, 2, 3, 4], firms: 500, out, force: false, months: [] });
 * if (!e.ok) throw new Error(e.issues[0]!.message);
 * const c = compareResults(env, { a: out, months: [], indicators: ['economy.gdpIndex'], headline: false, unpaired: false, resamples: 200, level: 0.95, bootstrapSeed: 1 });
 * console.log(c.ok && c.done.kind, c.ok && c.done.kind === 'spread' && c.done.rows[0]!.n);
 * // prints: spread 4
 * ```
 *
 * @example Write a run with a checkpoint, then branch from it into a scenario of your own
 * ```ts
 * import { nodeEnv, runOne, SHIPPED_SCENARIOS_DIR } from 'mvsim';
 * import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'mvsim-'));
 * const env = nodeEnv(dir);
 * const base = `${SHIPPED_SCENARIOS_DIR}/baseline-2022.yaml`;
 * const made = runOne(env, { scenario: base, firms: 500, out: 'base.json', checkpointAt: '2023-03', checkpointOut: 'base-2023-03.state.json', force: false });
 * console.log(made.ok && made.written.join(' '));
 * writeFileSync(join(dir, 'late.yaml'), `name: late-strict\nextends: ${base}\nevents:\n  - { type: enforcement, by: US, level: 0.8, from: "2023-06" }\n`);
 * const branch = runOne(env, { scenario: 'late.yaml', fromState: 'base-2023-03.state.json', out: 'late.json', force: false });
 * console.log(branch.ok && JSON.parse(readFileSync(join(dir, 'late.json'), 'utf8')).branch.month);
 * // prints: base-2023-03.state.json base.json
 * // prints: 2023-03
 * ```
 *
 * @example An ensemble that saves every seed's state, then an ensemble that branches from those states
 * ```ts
 * import { continueEnsemble, nodeEnv, runEnsemble, SHIPPED_SCENARIOS_DIR } from 'mvsim';
 * import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'mvsim-'));
 * const env = nodeEnv(dir);
 * const base = `${SHIPPED_SCENARIOS_DIR}/baseline-2022.yaml`;
 * const made = await runEnsemble(env, { scenario: base, seeds: [1, 2], firms: 300, workers: 1, months: [], out: 'base.json', checkpointAt: '2022-05', checkpointDir: 'states', force: false });
 * console.log(made.ok && readdirSync(join(dir, 'states')).join(' '));
 * // The strict scenario's events start in June 2022: it agrees with the baseline up to May.
 * const strict = `${SHIPPED_SCENARIOS_DIR}/secondary-sanctions-strict.yaml`;
 * const branch = await continueEnsemble(env, { scenario: strict, fromState: 'states', workers: 1, months: [], out: 'strict.json', force: false });
 * const origin = branch.ok && JSON.parse(readFileSync(join(dir, 'strict.json'), 'utf8')).branch;
 * console.log(origin.month, origin.parent.name, origin.states);
 * // prints: baseline-2022-seed1-2022-05.state.json baseline-2022-seed2-2022-05.state.json
 * // prints: 2022-05 baseline-2022 2
 * ```
 *
 * @example Validate scenario files: every problem, located
 * ```ts
 * import { nodeEnv, validateScenarios } from 'mvsim';
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'mvsim-'));
 * writeFileSync(join(dir, 'typo.yaml'), 'name: typo\nhorizon: 12\nevents:\n  - { type: enforcment, by: US, level: 0.8, at: 3 }\n');
 * const v = validateScenarios(nodeEnv(dir), ['typo.yaml'], undefined);
 * const i = v.ok ? v.issues[0] : undefined;
 * console.log(i?.code, i?.line, i?.suggestion);
 * // prints: UNKNOWN_EVENT_TYPE 4 enforcement
 * ```
 *
 * @example Explain a run: who moved which exposure, by counterfactual runs
 * ```ts
 * import { explainFile, explanationText, nodeEnv, runOne, SHIPPED_SCENARIOS_DIR } from 'mvsim';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const env = nodeEnv(mkdtempSync(join(tmpdir(), 'mvsim-')));
 * runOne(env, { scenario: `${SHIPPED_SCENARIOS_DIR}/secondary-sanctions-strict.yaml`, firms: 500, out: 'strict.json', force: false });
 * const x = await explainFile(env, 'strict.json', { decomposeSeeds: 1, workers: 1 });
 * console.log(x.ok && explanationText(x.explanation).includes('sanctions.exposure'));
 * // prints: true
 * ```
 *
 * @example A sweep over a doctrine weight, its Pareto frontier, and a report of it
 * ```ts
 * import { nodeEnv, runSweep, writeReport, SHIPPED_SCENARIOS_DIR } from 'mvsim';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const env = nodeEnv(mkdtempSync(join(tmpdir(), 'mvsim-')));
 * const sweep = await runSweep(env, {
 *   scenario: `${SHIPPED_SCENARIOS_DIR}/baseline-2022.yaml`, firms: 300, seeds: [1, 2], out: 'sweep.json', force: false,
 *   varies: [{ path: 'doctrine.sanctionsSafety', values: [0, 2] }], design: 'grid', designSeed: 1, statistic: 'final', workers: 1,
 *   objectives: [{ indicator: 'economy.gdpIndex', direction: 'max' }, { indicator: 'sanctions.exposure', direction: 'min' }],
 * });
 * console.log(sweep.ok && sweep.result.points.length);
 * const report = await writeReport(env, { results: ['sweep.json'], out: 'sweep.html', force: false, decomposeSeeds: 1 });
 * console.log(report.ok && report.written);
 * // prints: 2
 * // prints: sweep.html
 * ```
 * @packageDocumentation
 */
import { join } from 'node:path';
import { nodeEnv as nodeEnvAt } from './env.js';
import { PACKAGE_ROOT } from '../io/package.js';
import type { Env } from '../app/env.js';

export * from '../api/library.js';
export type { Env, FileSystem, WorkerPool, OnProgress } from '../app/env.js';
export { loadInputs, loadCalibration as loadCalibrationFile, checkScenario, type LoadedInputs } from '../app/inputs.js';
export { runOne, slug, type RunArgs, type RunDone, type ScenarioArgs } from '../app/run.js';
export { runEnsemble, continueEnsemble, seedLabel, type EnsembleArgs, type ContinueEnsembleArgs, type EnsembleDone } from '../app/ensemble.js';
export { compareResults, compareDocument, type CompareArgs, type Spread, type Comparison } from '../app/compare.js';
export { runSweep, type SweepArgs, type SweepDone } from '../app/sweep.js';
export { explainFile, explainDocument, type ExplainOptions } from '../app/explain.js';
export { explanationText } from '../analysis/explainText.js';
export { writeReport, type ReportArgs } from '../app/report.js';
export { validateScenarios, calibrationReport } from '../app/validate.js';
export { scenarioJsonSchema } from '../scenario/schema.js';
export { buildStateDocument, stateFileContent, type StateDocument } from '../results/stateDocument.js';
export { parseStateDocument } from '../results/parseState.js';
export { parseResult, type ResultDocument } from '../results/parseResult.js';
export type { EnsembleResult, EnsembleBranch } from '../results/ensembleResult.js';
export type { SweepResult } from '../results/sweepResult.js';

/** The folder of the shipped scenario files. */
export const SHIPPED_SCENARIOS_DIR: string = join(PACKAGE_ROOT, 'scenarios');

/**
 * The use cases' surroundings on Node: the file system under `cwd` (default: the
 * process's working folder), worker threads, SHA-256 and the shipped calibration.
 */
export function nodeEnv(cwd: string = process.cwd()): Env {
  return nodeEnvAt(cwd);
}
