import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadInputs } from '../cli/inputs.js';
import { createStreams } from '../engine/rng.js';
import { createFirms, settleGrey, stepFirms, TOTALS_LENGTH, type FirmStepContext } from '../model/firms.js';
import { PACKAGE_ROOT, ENGINE_VERSION } from '../io/package.js';
import { runScenario } from '../runner/runScenario.js';

// `npm run bench`: firm agent-steps per second for the firm step (the hot loop), and the
// wall time of one default run. A benchmark, never a test: numbers vary by machine.
// The same loading path as `mvsim run`: shipped calibration, baseline scenario, real provenance.
const io = { stdout: () => undefined, stderr: (t: string) => void process.stderr.write(t), cwd: PACKAGE_ROOT, isTTY: false };
const inputs = loadInputs(io, join(PACKAGE_ROOT, 'scenarios', 'baseline-2022.yaml'), undefined);
const P = inputs.calibration.params;

const ctx: FirmStepContext = { riskOverMargin: 0.5, greyAdjustment: 0.3, hazard: 0.01, switchProb: 0.05, oilCum0: 0.8, oilCum1: 0.92, westCum0: 0.85, designatedKeep: 0.5 };
console.log(`mvsim ${ENGINE_VERSION} bench on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}`);
for (const n of [10_000, 100_000, 1_000_000]) {
  const rng = createStreams(1);
  const firms = createFirms(n, P, rng['firms.init']);
  settleGrey(firms, 0.5);
  const totals = new Float64Array(TOTALS_LENGTH);
  const months = Math.max(36, Math.round(2e7 / n));
  for (let w = 0; w < 3; w++) stepFirms(firms, ctx, rng['firms.step'], rng.enforcement, totals); // warm-up
  const t0 = performance.now();
  for (let m = 0; m < months; m++) stepFirms(firms, ctx, rng['firms.step'], rng.enforcement, totals);
  const s = (performance.now() - t0) / 1000;
  console.log(`firm step: ${n.toLocaleString('en-US')} firms x ${months} months: ${((n * months) / s / 1e6).toFixed(1)} M firm agent-steps/s`);
}
runScenario({ ...inputs, seed: 1 }); // warm-up
const runs = 20;
const t0 = performance.now();
for (let seed = 1; seed <= runs; seed++) runScenario({ ...inputs, seed });
const ms = (performance.now() - t0) / runs;
console.log(`one default run (baseline-2022, 10,000 firms x 36 months, incl. building the result): ${ms.toFixed(1)} ms (mean of ${runs} seeds)`);
