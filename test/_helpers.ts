import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCalibration } from '../src/calibration/load.js';
import { runCli } from '../src/cli/main.js';
import { readText, resolveBeside, sha256 } from '../src/io/files.js';
import { ENGINE_VERSION } from '../src/io/package.js';
import { canonicalJson } from '../src/results/runResult.js';
import { runScenario } from '../src/runner/runScenario.js';
import { loadScenario } from '../src/scenario/load.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const SCENARIOS = join(ROOT, 'scenarios');

/** Runs the CLI in-process and captures what it prints. */
export async function cli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, isTTY: false });
  return { code, stdout, stderr };
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'mvsim-test-'));

const calText = readFileSync(join(ROOT, 'calibration', 'calibration.yaml'), 'utf8');
const cal = parseCalibration('calibration.yaml', calText);
if (!cal.ok) throw new Error('shipped calibration does not parse');
export const CALIBRATION = cal.calibration;
export const CALIBRATION_SHA = sha256(calText);

/** Loads a shipped scenario; throws if it does not load. */
export function scenario(name: string) {
  const r = loadScenario(join(SCENARIOS, name), readText, resolveBeside);
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.issues)}`);
  return r.scenario;
}

/** Runs a shipped scenario in-process exactly as `mvsim run` does, returning the result document. */
export function runShipped(name: string, seed: number, firms?: number) {
  const s = scenario(name);
  const r = runScenario({
    scenario: s,
    calibration: CALIBRATION,
    provenance: { engineVersion: ENGINE_VERSION, scenarioSha256: sha256(canonicalJson(s)), calibrationSha256: CALIBRATION_SHA },
    seed,
    ...(firms !== undefined ? { firms } : {}),
  });
  if (!r.ok) throw new Error(`${name} seed ${seed}: ${JSON.stringify(r.breach)}`);
  return r.result;
}

/** Mean over seeds of an indicator at a step (or its horizon mean when step is 'mean'). */
export function ensembleMean(name: string, indicator: string, step: number | 'mean', seeds: readonly number[]): number {
  let s = 0;
  for (const seed of seeds) {
    const r = runShipped(name, seed);
    s += step === 'mean' ? r.summary.indicators[indicator]!.mean : r.series[indicator]![step]!;
  }
  return s / seeds.length;
}
