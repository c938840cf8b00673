import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../engine/simulate.js';
import type { LoadedInputs } from '../app/inputs.js';
import { PACKAGE_ROOT } from '../io/package.js';
import { worldSpecOf } from '../runner/runScenario.js';
import { maxMedian } from './stats.js';
import { captureRun, compileReference, referenceInput, referenceMismatch, replayStep, runReference } from './reference.js';

const SMALL = 100;

/**
 * Seconds of `seeds` runs of the baseline with `firms` firms and a horizon of
 * `months`, through `simulate` as every command runs it.
 */
function runSeconds(inputs: LoadedInputs, firms: number, months: number, seeds: number): number {
  const setup = { ...inputs, scenario: { ...inputs.scenario, horizon: months }, firms };
  const t0 = performance.now();
  for (let seed = 1; seed <= seeds; seed++) if (!simulate(worldSpecOf({ ...setup, seed })).ok) throw new Error('bench: a run failed');
  return (performance.now() - t0) / 1000;
}

/**
 * Firm agent-steps a second of the firm step as real runs drive it: the extra time of
 * a 48-month over a 12-month run at `n` firms, less the same extra at 100 firms
 * (what the other submodels cost a month), per firm-month.
 */
function realRunRate(inputs: LoadedInputs, n: number, seeds: number): number {
  const long = runSeconds(inputs, n, 48, seeds) - runSeconds(inputs, n, 12, seeds);
  const rest = runSeconds(inputs, SMALL, 48, seeds) - runSeconds(inputs, SMALL, 12, seeds);
  return (36 * (n - SMALL) * seeds) / (long - rest);
}

/**
 * Section 1 of the bench: the firm step against its C port (bench/reference/), at
 * 10,000, 100,000 and 1,000,000 firms. The reference replays a real run's firm step
 * (the contexts each month of the baseline, seed 1) and must give the same totals,
 * partners, grey trade and stream position bit for bit before any speed is compared.
 * Then, in interleaved rounds: the C loop, mvsim's own step over the same contexts,
 * and the step inside real runs (`simulate`, 48 against 12 months); min and median.
 */
export function benchFirmStep(say: (line: string) => void, dir: string, inputs: LoadedInputs, rounds = 5): void {
  const compiled = compileReference(dir);
  say('exe' in compiled ? '   C reference: bench/reference/firmstep.c, cc -O3 -ffp-contract=off (max / median of the rounds, rates in M firm agent-steps/s)' : `   C reference skipped: ${compiled.why}`);
  for (const n of [10_000, 100_000, 1_000_000]) {
    const captured = captureRun(worldSpecOf({ ...inputs, firms: n, seed: 1 }));
    const months = Math.max(36, Math.round(2e7 / n));
    const seeds = Math.max(1, Math.round(4e5 / n));
    const c: number[] = [];
    const ts: number[] = [];
    const real: number[] = [];
    let check = '';
    if ('exe' in compiled) {
      const mismatch = referenceMismatch(compiled.exe, dir, captured);
      if (mismatch) throw new Error(`bench: the C reference differs from the real run at ${n} firms: ${mismatch}`);
      check = ', bit-identical to the real run over 36 months';
      writeFileSync(join(dir, 'timing.bin'), referenceInput(captured));
    }
    replayStep(captured, 36); // warm-up
    realRunRate(inputs, n, 1);
    for (let r = 0; r < rounds; r++) {
      if ('exe' in compiled) c.push((n * months) / runReference(compiled.exe, join(dir, 'timing.bin'), join(dir, 'timing.out'), captured, months).seconds / 1e6);
      ts.push((n * months) / replayStep(captured, months).seconds / 1e6);
      real.push(realRunRate(inputs, n, seeds) / 1e6);
    }
    const f = (xs: readonly number[]): string => maxMedian(xs).map((v) => v.toFixed(0).padStart(4)).join(' /');
    const ratio = (xs: readonly number[]): string => (c.length ? ` (${maxMedian(c).map((v, i) => (v / maxMedian(xs)[i]!).toFixed(2)).join(' / ')} x C)` : '');
    say(`   ${n.toLocaleString('en-US').padStart(9)} firms${check}:`);
    if (c.length) say(`      C, the same step over the same months (x ${months}):   ${f(c)}`);
    say(`      mvsim's stepFirms over the same months (x ${months}): ${f(ts)}${ratio(ts)}`);
    say(`      mvsim in real runs (simulate, 48 - 12 months, ${seeds} seed${seeds > 1 ? 's' : ''}): ${f(real)}${ratio(real)}`);
  }
  say(`   heap allocated per firm-month in real runs: ${allocationPerFirmMonth(dir)}`);
}

/**
 * Bytes of JavaScript heap a real run allocates per firm and month: in a fresh process
 * whose young generation is large enough that no collection runs while it measures,
 * the heap's growth over months 13 to 48 of a run stepped by the engine, at 200,000
 * firms less at 100 firms, divided by the extra firm-months. A boxed number per firm
 * and month would show as 16 bytes or more.
 */
function allocationPerFirmMonth(dir: string): string {
  const dist = (p: string): string => JSON.stringify(join(PACKAGE_ROOT, 'dist', p));
  const script = `import { getHeapStatistics } from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
const { loadInputs } = await import(${dist('app/inputs.js')});
const { nodeEnv } = await import(${dist('node/env.js')});
const { worldSpecOf } = await import(${dist('runner/runScenario.js')});
const { init, step } = await import(${dist('engine/world.js')});
const loaded = loadInputs(nodeEnv(process.cwd()), ${JSON.stringify(join(PACKAGE_ROOT, 'scenarios', 'baseline-2022.yaml'))}, undefined);
const grown = (firms) => {
  const w = init(worldSpecOf({ ...loaded.inputs, scenario: { ...loaded.inputs.scenario, horizon: 48 }, firms, seed: 1 })).world;
  for (let m = 0; m < 12; m++) step(w);
  globalThis.gc();
  const before = getHeapStatistics().used_heap_size;
  for (let m = 12; m < 48; m++) step(w);
  return getHeapStatistics().used_heap_size - before;
};
for (let k = 0; k < 3; k++) { grown(200000); grown(100); }
let collections = 0;
new PerformanceObserver((l) => { collections += l.getEntries().length; }).observe({ entryTypes: ['gc'] });
const big = grown(200000);
const small = grown(100);
await new Promise((r) => setTimeout(r, 20));
console.log(JSON.stringify({ perFirmMonth: (big - small) / (36 * (200000 - 100)), collections: collections - 2 }));`;
  const file = join(dir, 'allocation.mjs');
  writeFileSync(file, script);
  const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--min-semi-space-size=256', '--max-semi-space-size=256', file], { encoding: 'utf8', cwd: dir })) as { perFirmMonth: number; collections: number };
  return out.collections > 0 ? `not measured (${out.collections} collection${out.collections > 1 ? 's' : ''} ran during the measurement)` : `${out.perFirmMonth.toFixed(3)} bytes (a boxed number per firm-month would be 16)`;
}
