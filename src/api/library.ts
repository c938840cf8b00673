/**
 * The engine's public functions, shared by both entry points: `mvsim/engine`
 * (src/api/engine.ts, which also provides its bundled mathjs) and `mvsim` (src/node/index.ts).
 */
import { parseCalibration, type Calibration } from '../calibration/load.js';
import type { Issue, Outcome } from '../input/issues.js';
import { shareProblems, withOverrides } from '../model/params.js';
import { ENGINE_VERSION } from '../results/engineVersion.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { runFileContent, type RunResult } from '../results/runResult.js';
import { resultOf, simulateScenario, worldSpecOf, type RunRequest, type RunSetup } from '../runner/runScenario.js';
import { loadScenario } from '../scenario/load.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { SHIPPED_CALIBRATION, SHIPPED_SCENARIOS } from './shipped.js';

export { init, step, observe, isDone, recordedRow, type World, type WorldSpec, type StepOutcome, type StepOptions } from '../engine/world.js';
export { snapshot, restore, WorldSnapshotSchema, WORLD_SNAPSHOT_VERSION, type WorldSnapshot } from '../engine/snapshot.js';
export { simulate, finish, type RunOutput, type RunOutcome } from '../engine/simulate.js';
export { divergence } from '../engine/branch.js';
export { INDICATORS, INDICATOR_NAMES, HEADLINE_INDICATORS, type IndicatorSpec } from '../model/indicators.js';
export { ACTIONS, COMPONENTS, type Action } from '../model/kazakhstan.js';
export { DOCTRINE_PRESETS, DOCTRINE_PRESET_NAMES, type Doctrine } from '../model/doctrine.js';
export { POWERS, CHANNELS, ROUTES } from '../model/ids.js';
export type { Issue, Outcome } from '../input/issues.js';
export type { ResolvedScenario } from '../scenario/resolved.js';
export type { ScenarioFile, ScenarioEvent } from '../scenario/schema.js';
export type { Calibration } from '../calibration/load.js';
export type { RunResult } from '../results/runResult.js';
export type { Provenance, RunRequest, RunSetup } from '../runner/runScenario.js';
export { worldSpecOf, runFileContent, canonicalJson, ENGINE_VERSION, SHIPPED_CALIBRATION, SHIPPED_SCENARIOS };


/** The file name the shipped calibration has in messages. */
const CALIBRATION_FILE = 'calibration/calibration.yaml';

/**
 * Parses and checks a calibration file's text (by default the shipped one).
 *
 * @example
 * ```ts
 * import { loadCalibration } from 'mvsim/engine';
 * const c = loadCalibration();
 * console.log(c.ok && c.calibration.params['routes.oilShare0.cpc']);
 * // prints: 0.8
 * ```
 */
export function loadCalibration(text: string = SHIPPED_CALIBRATION, file: string = CALIBRATION_FILE): Outcome<{ calibration: Calibration }> {
  return parseCalibration(file, text);
}

/**
 * Resolves a scenario given as already-parsed data (what `YAML.parse` or `JSON.parse`
 * returns): checks every field, resolves `extends` against `files` (texts or data by
 * name; by default the shipped scenarios), applies defaults, and checks the overrides
 * against the calibration. Issues carry the field's path; their line and column refer
 * to the data written out as JSON (the data has no file of its own).
 *
 * @example
 * ```ts
 * import { resolveScenario } from 'mvsim/engine';
 * const r = resolveScenario({ name: 'late-strict', extends: 'baseline-2022.yaml', events: [{ type: 'enforcement', by: 'US', level: 0.8, from: '2023-06' }] });
 * console.log(r.ok && r.scenario.events.length, r.ok && r.scenario.horizon);
 * // prints: 3 36
 * const bad = resolveScenario({ name: 'x', horizon: 'long' });
 * console.log(bad.ok || bad.issues.map((i) => `${i.code} at ${i.path.join('.')}`).join('; '));
 * // prints: INVALID_TYPE at horizon
 * ```
 */
export function resolveScenario(
  data: unknown,
  options: { readonly files?: Readonly<Record<string, unknown>>; readonly calibration?: Calibration; readonly name?: string } = {},
): Outcome<{ scenario: ResolvedScenario; warnings: readonly Issue[] }> {
  const name = options.name ?? 'scenario';
  const files: Record<string, unknown> = { ...(options.files ?? SHIPPED_SCENARIOS), [name]: data };
  return resolveFrom(name, files, options.calibration);
}

/**
 * Resolves one of the shipped scenarios by file name, e.g. `'baseline-2022.yaml'`.
 *
 * @example
 * ```ts
 * import { shippedScenario, SHIPPED_SCENARIOS } from 'mvsim/engine';
 * console.log(Object.keys(SHIPPED_SCENARIOS).length, shippedScenario('pipeline-disruption.yaml').ok);
 * // prints: 12 true
 * ```
 */
export function shippedScenario(file: string, calibration?: Calibration): Outcome<{ scenario: ResolvedScenario; warnings: readonly Issue[] }> {
  return resolveFrom(file, SHIPPED_SCENARIOS, calibration);
}

function resolveFrom(file: string, files: Readonly<Record<string, unknown>>, calibration: Calibration | undefined): Outcome<{ scenario: ResolvedScenario; warnings: readonly Issue[] }> {
  const read = (f: string): Outcome<{ text: string }> => {
    if (!Object.hasOwn(files, f)) return { ok: false, issues: [{ code: 'FILE_NOT_FOUND', severity: 'error', file: f, line: 1, column: 1, path: [], message: `No scenario named ${JSON.stringify(f)}: known are ${Object.keys(files).join(', ')}` }] };
    const v = files[f];
    return { ok: true, text: typeof v === 'string' ? v : JSON.stringify(v, null, 2) ?? 'null' };
  };
  // Names are keys of `files`, not paths: `extends: ./baseline-2022.yaml` names baseline-2022.yaml.
  const loaded = loadScenario(file, read, (_from, relative) => relative.replace(/^\.\//, ''));
  if (!loaded.ok) return loaded;
  const cal = calibration ?? shippedCalibration();
  const shares = shareProblems(withOverrides(cal.params, loaded.scenario.parameters)).map(
    (p): Issue => ({ code: 'OUT_OF_RANGE', severity: 'error', file, line: 1, column: 1, path: ['parameters', p.ids[0]!], message: `With this scenario's overrides, ${p.message}` }),
  );
  return shares.length ? { ok: false, issues: [...loaded.warnings, ...shares] } : loaded;
}

const shippedCalibration = (): Calibration => {
  const c = loadCalibration();
  if (!c.ok) throw new Error('The shipped calibration does not load: the package is broken');
  return c.calibration;
};

/** SHA-256 of a text's UTF-8 bytes, hex, with the runtime's Web Crypto (Node 20, browsers, Deno). */
export async function sha256Hex(text: string): Promise<string> {
  // Browsers give Web Crypto only to secure contexts (https, localhost, file:); say so rather than fail on `undefined`.
  const subtle = (globalThis as { crypto?: { subtle?: typeof crypto.subtle } }).crypto?.subtle;
  if (!subtle) throw new TypeError('mvsim needs Web Crypto (crypto.subtle) for the SHA-256 in its provenance; browsers offer it only on secure pages (https, localhost or file:)');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Everything every seed of a scenario needs: the scenario, the calibration and the
 * provenance results carry (the SHA-256 of the resolved scenario and of the
 * calibration's text, and this engine's version) — the same as `mvsim run` computes,
 * so results made here have the CLI's bytes.
 *
 * @example
 * ```ts
 * import { prepare, shippedScenario } from 'mvsim/engine';
 * const s = shippedScenario('baseline-2022.yaml');
 * const setup = s.ok ? await prepare(s.scenario) : undefined;
 * console.log(setup?.provenance.calibrationSha256.length);
 * // prints: 64
 * ```
 */
export async function prepare(scenario: ResolvedScenario, calibrationText: string = SHIPPED_CALIBRATION): Promise<RunSetup> {
  const c = loadCalibration(calibrationText);
  if (!c.ok) throw new TypeError(`The calibration text does not load: ${c.issues[0]?.message ?? 'invalid'}`);
  return {
    scenario,
    calibration: c.calibration,
    provenance: { engineVersion: ENGINE_VERSION, scenarioSha256: await sha256Hex(canonicalJson(scenario)), calibrationSha256: await sha256Hex(calibrationText) },
  };
}

/**
 * Runs one seed to its horizon and builds its result document (the JSON that
 * `runFileContent` writes is byte-identical to `mvsim run`'s for the same inputs).
 *
 * @example
 * ```ts
 * import { prepare, run, runFileContent, shippedScenario } from 'mvsim/engine';
 * const s = shippedScenario('pipeline-disruption.yaml');
 * if (!s.ok) throw new Error('bad scenario');
 * const r = run({ ...(await prepare(s.scenario)), seed: 1, firms: 500 });
 * console.log(r.ok && r.result.months.length, r.ok && runFileContent(r.result).startsWith('{'));
 * // prints: 37 true
 * ```
 */
export function run(req: RunRequest): Outcome<{ result: RunResult }> {
  const sim = simulateScenario(req);
  return sim.ok ? { ok: true, result: resultOf(req, sim.output, sim.firms) } : sim;
}

