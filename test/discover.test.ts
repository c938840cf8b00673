import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../src/analysis/discover.js';
import { binomialTail, primTrajectory } from '../src/analysis/prim.js';
import { parseClaim } from '../src/analysis/robustness.js';
import { streamFor } from '../src/model/rng.js';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

/** n points in [0, 1]^d from a seeded stream, and an output that is 1 inside `inBox` and 0 outside. */
function synthetic(n: number, d: number, inBox: (x: Float64Array) => boolean, seed: string) {
  const rng = streamFor(seed);
  const x = new Float64Array(n * d);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) x[r * d + j] = rng();
    out[r] = inBox(x.subarray(r * d, (r + 1) * d)) ? 1 : 0;
  }
  return { factors: Array.from({ length: d }, (_, j) => `f${j}`), x, outputs: new Map([['y:final', out]]) };
}

describe('PRIM', () => {
  it('finds a known box: x0 ≥ 0.6 and x2 ≤ 0.3 among five factors, and only those', () => {
    const table = synthetic(1000, 5, (x) => x[0]! >= 0.6 && x[2]! <= 0.3, 'test/prim/box');
    const d = discover(table, parseClaim('y:final > 0.5')!, 'y:final', { minCoverage: 0.8 });
    expect(d.rules.map((r) => r.factor).sort()).toEqual(['f0', 'f2']);
    const f0 = d.rules.find((r) => r.factor === 'f0')!;
    const f2 = d.rules.find((r) => r.factor === 'f2')!;
    expect(f0.lower!).toBeGreaterThan(0.55);
    expect(f0.lower!).toBeLessThan(0.65);
    expect(f0.upper).toBeNull();
    expect(f2.upper!).toBeGreaterThan(0.25);
    expect(f2.upper!).toBeLessThan(0.35);
    expect(f2.lower).toBeNull();
    expect(d.box.density).toBeGreaterThan(0.9);
    expect(d.box.coverage).toBeGreaterThan(0.8);
    expect(d.sentence).toMatch(/"y:final > 0\.5" holds in \d+% of the cases where /);
    expect(d.sentence).toMatch(/f0 ≥ 0\.6\d*/);
    expect(d.sentence).toMatch(/f2 ≤ 0\.[23]\d*/);
  });

  it('supports no restriction when the cases are noise, though peeling alone would fit a box to them', () => {
    const rng = streamFor('test/prim/noise');
    const table = synthetic(300, 10, () => rng() < 0.1, 'test/prim/noise-x');
    const y = Array.from(table.outputs.get('y:final')!, (v) => v > 0.5);
    const peeled = primTrajectory(table.x, 10, y);
    expect(peeled[peeled.length - 1]!.restricted.length).toBeGreaterThan(0);
    const d = discover(table, parseClaim('y:final > 0.5')!, 'y:final', { minCoverage: 0.5 });
    expect(d.rules).toEqual([]);
    expect(d.sentence).toMatch(/no restriction of the assumptions is supported by the sample/);
  });

  it('peels monotonically: each box inside the last, mass falling, the whole space first', () => {
    const table = synthetic(400, 3, (x) => x[1]! > 0.7, 'test/prim/mono');
    const y = Array.from(table.outputs.get('y:final')!, (v) => v > 0.5);
    const t = primTrajectory(table.x, 3, y);
    expect(t[0]!.mass).toBe(1);
    for (let i = 1; i < t.length; i++) {
      expect(t[i]!.mass).toBeLessThan(t[i - 1]!.mass);
      for (let j = 0; j < 3; j++) {
        expect(t[i]!.lower[j]!).toBeGreaterThanOrEqual(t[i - 1]!.lower[j]!);
        expect(t[i]!.upper[j]!).toBeLessThanOrEqual(t[i - 1]!.upper[j]!);
      }
      expect(t[i]!.mass).toBeGreaterThanOrEqual(0.05);
    }
  });

  it('binomial tails: exact small cases', () => {
    expect(binomialTail(0, 10, 0.3)).toBe(1);
    expect(binomialTail(11, 10, 0.3)).toBe(0);
    expect(binomialTail(10, 10, 0.5)).toBeCloseTo(1 / 1024, 12);
    // P(X ≥ 3), X ~ B(5, 0.5) = (10 + 5 + 1) / 32
    expect(binomialTail(3, 5, 0.5)).toBeCloseTo(0.5, 12);
    expect(binomialTail(2, 4, 0.25)).toBeCloseTo(1 - 0.75 ** 4 - 4 * 0.25 * 0.75 ** 3, 12);
  });
});

describe('mvsim discover', () => {
  const dir = tempDir();

  it('states the box where a claim fails, over a robustness result, in plain language and as JSON', async () => {
    const r = await cli(['robustness', join(SCENARIOS, 'baseline-2022.yaml'), '--claim', 'sanctions.greyTrade:final > 0.15', '--params', 'grey.margin', 'grey.potential', 'sanctions.detectBase', 'doctrine.economy', '--samples', '60', '--firms', '300', '--seeds', '1', '--quiet', '--out', 'r.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const t = await cli(['discover', 'r.json', '--where', 'sanctions.greyTrade > 0.15'], dir);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/PRIM over 60 points of r\.json \(robustness, 4 factors\)/);
    expect(t.stdout).toMatch(/"sanctions\.greyTrade > 0\.15" holds/);
    const j = await cli(['discover', 'r.json', '--where', 'sanctions.greyTrade:final > 0.15', '--json'], dir);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout);
    expect(doc.kind).toBe('discovery');
    expect(doc.trajectory[0].mass).toBe(1);
    // the cases are what the result's samples say
    const res = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(doc.cases).toBe(res.samples.rows.filter((row: { outputs: number[] }) => row.outputs[0]! > 0.15).length);
    // the same bytes every time
    expect((await cli(['discover', 'r.json', '--where', 'sanctions.greyTrade:final > 0.15', '--json'], dir)).stdout).toBe(j.stdout);
  });

  it.each([
    [['--where', 'economy.gdpIndex > 0'], /has no single output economy\.gdpIndex:final\|mean; it has sanctions\.greyTrade:final/],
    [['--where', 'nonsense'], /--where "nonsense": expected/],
    [['--where', 'x > 0', '--min-coverage', '2'], /--min-coverage must be between 0 and 1/],
  ])('refuses %j with exit 2', async (extra, message) => {
    const r = await cli(['discover', 'r.json', ...extra], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a run file: it has no design to search', async () => {
    writeFileSync(join(dir, 'run.json'), readFileSync(join(SCENARIOS, '..', 'test', 'golden', 'baseline-2022.seed1.json')));
    const r = await cli(['discover', 'run.json', '--where', 'economy.gdpIndex > 1'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NOT_A_RESULT/);
  });
});
