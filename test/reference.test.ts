import { describe, expect, it } from 'vitest';
import { captureRun, compileReference, firstDifference, referenceMismatch, replayStep } from '../src/bench/reference.js';
import { worldSpecOf } from '../src/runner/runScenario.js';
import { loadShipped as inputsOf, tempDir } from './_helpers.js';

// The bench compares the firm step's speed with a C port (bench/reference/firmstep.c);
// the comparison only means something if the port computes the same step. These tests
// replay real runs' firm steps, month by month, in mvsim's own step and in the C port.
const SCENARIOS = ['baseline-2022.yaml', 'secondary-sanctions-strict.yaml', 'kazakh-export-controls.yaml'];

describe('the firm step replayed from a real run (issue 13)', () => {
  for (const name of SCENARIOS) {
    it(`stepFirms over the recorded contexts gives the run's own totals, partners and grey trade, bit for bit: ${name}`, () => {
      const c = captureRun(worldSpecOf({ ...inputsOf(name), firms: 3000, seed: 7 }));
      expect(c.contexts).toHaveLength(36);
      const r = replayStep(c, c.contexts.length);
      expect(firstDifference(r.totals, c.totals)).toBe(-1);
      expect(firstDifference(r.partner, c.end.partner)).toBe(-1);
      expect(firstDifference(r.grey, c.end.grey)).toBe(-1);
      // the run did move: firms changed partner and grey trade grew
      expect(firstDifference(c.end.partner, c.start.partner)).toBeGreaterThanOrEqual(0);
      expect(c.end.grey.some((g) => g > 0)).toBe(true);
    });
  }
});

const compiled = compileReference(tempDir());
describe.skipIf(!('exe' in compiled))('the C reference kernel (skipped without a C compiler)', () => {
  for (const name of SCENARIOS) {
    it(`gives the real run's totals every month, its partners, grey trade and stream position, bit for bit: ${name}`, () => {
      if (!('exe' in compiled)) return;
      const c = captureRun(worldSpecOf({ ...inputsOf(name), firms: 3000, seed: 11 }));
      expect(referenceMismatch(compiled.exe, tempDir(), c)).toBeUndefined();
    });
  }

  it('is a real check: a run whose recorded totals are changed in the last bit is refused, naming the month', () => {
    if (!('exe' in compiled)) return;
    const c = captureRun(worldSpecOf({ ...inputsOf('baseline-2022.yaml'), firms: 500, seed: 3 }));
    const totals = Float64Array.from(c.totals);
    const k = 5 * 11 + 2; // month 6 (11 totals a month), exports to the EU: never zero
    totals[k] = totals[k]! * (1 + Number.EPSILON);
    expect(totals[k]).not.toBe(c.totals[k]);
    expect(referenceMismatch(compiled.exe, tempDir(), { ...c, totals })).toMatch(/^month 6, total 2: /);
  });
});
