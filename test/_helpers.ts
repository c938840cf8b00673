import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCalibration, loadInputs, type LoadedInputs } from '../src/app/inputs.js';
import { runCli } from '../src/cli/main.js';
import { nodeEnv } from '../src/node/env.js';
import { runScenario } from '../src/runner/runScenario.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const SCENARIOS = join(ROOT, 'scenarios');

/**
 * Runs the CLI in-process and captures what it prints. Ensembles run their seeds on
 * worker threads from dist/ (built by `npm test` before vitest starts).
 */
export async function cli(args: string[], cwd = ROOT, isTTY = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, isTTY });
  return { code, stdout, stderr };
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'mvsim-test-'));

/** The use cases' Node surroundings, working in the repository's root. */
export const ENV = nodeEnv(ROOT);

const cal = loadCalibration(ENV, undefined);
if (!cal.ok) throw new Error('the shipped calibration does not load');
export const CALIBRATION = cal.calibration;

/** A shipped scenario with the shipped calibration, loaded as `mvsim run` loads it. */
export function loadShipped(name: string): LoadedInputs {
  const loaded = loadInputs(ENV, join(SCENARIOS, name), undefined);
  if (!loaded.ok) throw new Error(`${name}: ${loaded.issues.map((i) => i.message).join('; ')}`);
  return loaded.inputs;
}

/** Runs a shipped scenario in-process through the same loading path as `mvsim run`, returning the result document. */
export function runShipped(name: string, seed: number, firms?: number) {
  const r = runScenario({ ...loadShipped(name), seed, ...(firms !== undefined ? { firms } : {}) });
  if (!r.ok) throw new Error(`${name} seed ${seed}: ${JSON.stringify(r.issues)}`);
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
