import { parseCalibration, type Calibration } from '../calibration/load.js';
import { hasErrors, type Issue, type Outcome } from '../input/issues.js';
import { issueIn, parseYaml } from '../input/yamlSource.js';
import { shareProblems, withOverrides } from '../model/params.js';
import { ENGINE_VERSION } from '../results/engineVersion.js';
import { canonicalJson } from '../model/canonicalJson.js';
import type { Provenance } from '../runner/runScenario.js';
import { loadScenario } from '../scenario/load.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Env } from './env.js';

/** The largest scenario or calibration file read (they are small; anything bigger is a mistake or an attack). */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** A scenario with the calibration it runs on and the provenance its results carry. */
export interface LoadedInputs {
  readonly scenario: ResolvedScenario;
  readonly calibration: Calibration;
  readonly provenance: Provenance;
}

/** Loads and checks a calibration file (the shipped one unless a path is given), with the SHA-256 of its text. */
export function loadCalibration(env: Env, path: string | undefined): Outcome<{ calibration: Calibration; sha256: string }> {
  const file = path === undefined ? env.defaultCalibration : env.files.resolve('.', path);
  const got = env.files.read(file, MAX_INPUT_BYTES, 'a YAML text file');
  if (!got.ok) return got;
  const sha256 = env.sha256(got.text);
  const checked = env.checkedCalibration?.(sha256);
  if (checked) return { ok: true, calibration: checked, sha256 };
  const parsed = parseCalibration(file, got.text);
  return parsed.ok ? { ok: true, calibration: parsed.calibration, sha256 } : parsed;
}

/**
 * Loads one scenario with its ancestors and checks it against the calibration. Returns
 * the resolved scenario (with any warnings) or every problem found, and the texts of
 * the files it read, child first, so later problems can be located in them.
 */
export function checkScenario(env: Env, file: string, calibration: Calibration): { scenario?: ResolvedScenario; issues: readonly Issue[]; texts: ReadonlyMap<string, string> } {
  const texts = new Map<string, string>();
  const read = (f: string) => {
    const got = env.files.read(f, MAX_INPUT_BYTES, 'a YAML text file');
    if (got.ok) texts.set(f, got.text);
    return got;
  };
  const loaded = loadScenario(file, read, (from, relative) => env.files.resolve(env.files.dirname(from), relative));
  if (!loaded.ok) return { issues: loaded.issues, texts };
  const shares = shareProblems(withOverrides(calibration.params, loaded.scenario.parameters)).map((p) => overrideIssue(texts, file, p.ids, `With this scenario's overrides, ${p.message}`));
  return shares.length ? { issues: [...loaded.warnings, ...shares], texts } : { scenario: loaded.scenario, issues: loaded.warnings, texts };
}

/**
 * An issue located at the override that caused it: the first of `ids` set under
 * `parameters` in the scenario or, failing that, in the nearest parent that sets one.
 */
function overrideIssue(texts: ReadonlyMap<string, string>, file: string, ids: readonly string[], message: string): Issue {
  for (const [path, text] of texts) {
    const parsed = parseYaml(path, text);
    if (!parsed.ok) continue;
    const overrides = parsed.source.value['parameters'];
    const id = ids.find((i) => overrides !== null && typeof overrides === 'object' && i in overrides);
    if (id) return issueIn(parsed.source, 'OUT_OF_RANGE', ['parameters', id], message, { key: true });
  }
  return { code: 'OUT_OF_RANGE', severity: 'error', file, line: 1, column: 1, path: ['parameters'], message };
}

/**
 * Loads the calibration and a scenario, checked against each other, with the
 * provenance every result of them carries. Warnings come back beside the inputs.
 */
export function loadInputs(
  env: Env,
  scenarioPath: string,
  calibrationPath: string | undefined,
): Outcome<{ inputs: LoadedInputs; warnings: readonly Issue[]; texts: ReadonlyMap<string, string> }> {
  const cal = loadCalibration(env, calibrationPath);
  if (!cal.ok) return cal;
  const { scenario, issues, texts } = checkScenario(env, env.files.resolve('.', scenarioPath), cal.calibration);
  if (!scenario || hasErrors(issues)) return { ok: false, issues };
  return {
    ok: true,
    inputs: {
      scenario,
      calibration: cal.calibration,
      provenance: { engineVersion: ENGINE_VERSION, scenarioSha256: env.sha256(canonicalJson(scenario)), calibrationSha256: cal.sha256 },
    },
    warnings: issues,
    texts,
  };
}
