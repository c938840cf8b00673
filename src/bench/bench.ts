import { runSensitivity } from '../app/sensitivity.js';
import { runRobustness } from '../app/robustness.js';
import { parseClaim } from '../analysis/robustness.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { decomposeSeed } from '../runner/decomposeJob.js';
import { loadInputs } from '../app/inputs.js';
import { nodeEnv } from '../node/env.js';
import type { Vary } from '../analysis/sweepDesign.js';
import { runEnsemble } from '../app/ensemble.js';
import { explainFile } from '../app/explain.js';
import { writeReport } from '../app/report.js';
import { runOne } from '../app/run.js';
import { runSweep } from '../app/sweep.js';
import { benchFirmStep } from './firmStep.js';
import { PACKAGE_ROOT, ENGINE_VERSION } from '../io/package.js';
import { runScenario, type RunSetup } from '../runner/runScenario.js';
import { benchStartup } from './startup.js';

// `npm run bench`: the cost of the engine, measured, never asserted (numbers vary by machine).
// 1. firm agent-steps per second of the firm step (the hot loop), on one core, beside a C port checked
//    bit-identical to a real run, and inside real runs;
// 2. one default run; cost against firms and months at x1, x2, x4;
// 3. ensembles of the default scenario on worker threads at x1, x2, x4 seeds (the x4 point is 1,000 seeds);
// 4. peak memory of an ensemble of 1,000 and of 10,000 seeds (child processes, 1,000 firms to keep it short);
// 5. the teaching commands: the decomposition behind explain, explain, a sweep and a report;
// 6. start-up: a cold `mvsim run`, heavy modules imported alone, one worker thread's start —
//    beside another checkout's when MVSIM_BENCH_BEFORE names one (built), in interleaved rounds;
// 7. assumption uncertainty: a Morris screening of all assumptions, a Sobol' analysis of ten, a robustness check.
// Everything goes through the same loading path as `mvsim run`.
const BASELINE = join(PACKAGE_ROOT, 'scenarios', 'baseline-2022.yaml');
const loaded = loadInputs(nodeEnv(PACKAGE_ROOT), BASELINE, undefined);
if (!loaded.ok) throw new Error(`bench: cannot load ${BASELINE}: ${loaded.issues.map((i) => i.message).join('; ')}`);
const inputs = loaded.inputs;
const env = nodeEnv(PACKAGE_ROOT);
const seedsTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const say = (line: string): void => console.log(line);
const fmt = (v: number, digits = 1): string => v.toFixed(digits);

const dir = mkdtempSync(join(tmpdir(), 'mvsim-bench-'));
say(`mvsim ${ENGINE_VERSION} bench on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB), Node ${process.version}`);

say('\n1. Firm step (one core), against a C port of the same step');
benchFirmStep(say, dir, inputs);

/** Mean wall time of one run (ms) over `runs` seeds, after a warm-up run. */
function runTime(setup: RunSetup, runs: number): number {
  runScenario({ ...setup, seed: 1000 });
  const t0 = performance.now();
  for (let seed = 1; seed <= runs; seed++) runScenario({ ...setup, seed });
  return (performance.now() - t0) / runs;
}

say('\n2. One run of the default scenario (baseline-2022, incl. building the result document), one core');
const base = runTime(inputs, 20);
say(`   10,000 firms x 36 months: ${fmt(base)} ms`);
for (const k of [1, 2, 4]) {
  const ms = runTime({ ...inputs, firms: 10_000 * k }, 10);
  say(`   firms  x${k} (${(10_000 * k).toLocaleString('en-US').padStart(6)} firms, 36 months): ${fmt(ms).padStart(6)} ms  (${fmt(ms / base, 2)} x the x1 cost)`);
}
for (const k of [1, 2, 4]) {
  const ms = runTime({ ...inputs, scenario: { ...inputs.scenario, horizon: 36 * k } }, 10);
  say(`   months x${k} (10,000 firms, ${String(36 * k).padStart(3)} months): ${fmt(ms).padStart(6)} ms  (${fmt(ms / base, 2)} x the x1 cost)`);
}

say(`\n3. Ensembles of the default scenario on ${cpus().length} worker threads (mvsim run --seeds 1..N)`);
let first = 0;
for (const n of [250, 500, 1000]) {
  const t0 = performance.now();
  const done = await runEnsemble(env, { scenario: BASELINE, seeds: seedsTo(n), out: join(dir, `e${n}.json`), force: false, months: [] });
  const s = (performance.now() - t0) / 1000;
  if (!done.ok || 'partial' in done || done.failures.length) throw new Error(`ensemble of ${n} seeds failed`);
  first ||= s;
  say(`   seeds x${n / 250} (${String(n).padStart(4)} seeds): ${fmt(s).padStart(5)} s, ${fmt(n / s, 0)} runs/s  (${fmt(s / first, 2)} x the x1 time)`);
}

say('\n4. Peak memory (max RSS, whole process incl. workers) of an ensemble, 1,000 firms');
for (const n of [1000, 10_000]) {
  const script = `const { runEnsemble } = await import(${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'app', 'ensemble.js'))});
const { nodeEnv } = await import(${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'node', 'env.js'))});
const seeds = Array.from({ length: ${n} }, (_, i) => i + 1);
const done = await runEnsemble(nodeEnv(process.cwd()), { scenario: ${JSON.stringify(BASELINE)}, seeds, firms: 1000, out: ${JSON.stringify(join(dir, `m${n}.json`))}, force: false, months: [] });
console.log(JSON.stringify({ code: done.ok && !done.failures.length ? 0 : 1, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));`;
  const file = join(dir, `memory${n}.mjs`);
  writeFileSync(file, script);
  const out = JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' })) as { code: number; maxRssMiB: number };
  if (out.code !== 0) throw new Error(`ensemble of ${n} seeds failed`);
  say(`   ${n.toLocaleString('en-US').padStart(6)} seeds: ${fmt(out.maxRssMiB, 0)} MiB`);
}
say(`\n5. Teaching commands on the default scenario (${cpus().length} worker threads)`);
{
  const t0 = performance.now();
  const d = decomposeSeed({ ...inputs, seed: 1 });
  if (!d.ok) throw new Error(d.issues[0]?.message);
  say(`   decomposition of one seed (16 counterfactual runs, one core): ${fmt(performance.now() - t0, 0)} ms`);
  const run = join(dir, 'run.json');
  const explain = { decomposeSeeds: 20 };
  // The grid of `--vary doctrine.affinity.RU=0:0.6:4 --vary doctrine.sanctionsSafety=0:2:5`.
  const varies: Vary[] = [
    { path: 'doctrine.affinity.RU', values: [0, 0.2, 0.4, 0.6] },
    { path: 'doctrine.sanctionsSafety', values: [0, 0.5, 1, 1.5, 2] },
  ];
  const steps: [string, () => Promise<{ ok: boolean }>][] = [
    ['explain of one run (incl. worker start-up)', () => explainFile(env, run, explain)],
    ['explain of a 250-seed ensemble (20 seeds decomposed)', () => explainFile(env, join(dir, 'e250.json'), explain)],
    ['sweep, 5 x 4 grid x 20 seeds (400 runs)', () => runSweep(env, { scenario: BASELINE, varies, design: 'grid', designSeed: 1, seeds: seedsTo(20), objectives: [{ indicator: 'economy.gdpIndex', direction: 'max' }, { indicator: 'security.exposure', direction: 'min' }, { indicator: 'sanctions.exposure', direction: 'min' }], statistic: 'final', out: join(dir, 'sweep.json'), force: false })],
    ['report of that ensemble and that sweep', () => writeReport(env, { results: [join(dir, 'e250.json'), join(dir, 'sweep.json')], out: join(dir, 'report.html'), force: false, decomposeSeeds: 20 })],
  ];
  if (!runOne(env, { scenario: BASELINE, seed: 1, out: run, force: false }).ok) throw new Error('run failed');
  for (const [label, step] of steps) {
    const t = performance.now();
    if (!(await step()).ok) throw new Error(`${label} failed`);
    say(`   ${label}: ${fmt((performance.now() - t) / 1000)} s`);
  }
}

const before = process.env['MVSIM_BENCH_BEFORE'];
say(`\n6. Start-up: fresh processes and threads, file cache warm; min / median of 9${before ? ` (rounds interleaved with ${before})` : ''}`);
benchStartup(say, dir, [{ label: 'this build', root: PACKAGE_ROOT }, ...(before ? [{ label: 'before', root: before }] : [])]);

say(`\n7. Assumption uncertainty: strict sanctions against the baseline (2,000 firms, seeds 1..3 at every point, ${cpus().length} worker threads)`);
{
  const STRICT = join(PACKAGE_ROOT, 'scenarios', 'secondary-sanctions-strict.yaml');
  const common = { scenario: STRICT, against: BASELINE, firms: 2000, seeds: seedsTo(3), level: 0.95, force: false, groups: [] as string[] };
  const outputs = [{ indicator: 'economy.gdpIndex', statistic: 'final' as const }, { indicator: 'sanctions.exposure', statistic: 'final' as const }];
  // ten assumptions that the Morris screening of this effect ranks high (README, How sure are we)
  const ten = ['trade.bankFriction', 'economy.demandMultiplier', 'sanctions.detectBase', 'kz.alignment0.EU', 'powers.RU.reaction.trade', 'powers.complianceInvestment', 'powers.RU.complianceFriction', 'grey.margin', 'sanctions.cooperationWeight', 'sanctions.exposureScale'];
  const steps: [string, () => Promise<{ ok: boolean }>][] = [
    ['Morris screening of all 88 assumptions, r = 10 (890 points, 5,340 runs)', () => runSensitivity(env, { ...common, params: [], allAssumptions: true, spec: { method: 'morris', design: 'trajectory', trajectories: 10, levels: 4, designSeed: 1 }, outputs, resamples: 1000, out: join(dir, 'morris.json') })],
    ["Sobol' indices of 10 assumptions, N = 256 (3,072 points, 18,432 runs)", () => runSensitivity(env, { ...common, params: ten, allAssumptions: false, spec: { method: 'sobol', samples: 256, designSeed: 1 }, outputs, resamples: 1000, out: join(dir, 'sobol.json') })],
    ['robustness of two claims over all assumptions, 200 points (1,200 runs)', () => runRobustness(env, { ...common, params: [], allAssumptions: true, claims: [parseClaim('economy.gdpIndex:final < 0')!, parseClaim('sanctions.exposure:final < 0')!], samples: 200, designSeed: 1, out: join(dir, 'robust.json') })],
  ];
  for (const [label, step] of steps) {
    const t = performance.now();
    if (!(await step()).ok) throw new Error(`${label} failed`);
    say(`   ${label}: ${fmt((performance.now() - t) / 1000)} s`);
  }
}

rmSync(dir, { recursive: true, force: true });
