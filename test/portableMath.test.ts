import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exp, log, pow } from '../src/model/portableMath.js';
import { normal, streamFor } from '../src/model/rng.js';

/** Distance in units of the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const v = new DataView(new ArrayBuffer(16));
  v.setFloat64(0, a);
  v.setFloat64(8, b);
  return Number(v.getBigInt64(0) - v.getBigInt64(8)) * (a < 0 ? -1 : 1);
}

// The engine's own Math functions are the reference for accuracy only: their last bit
// varies between engines, which is why the model does not call them.
describe('portable exp, log and pow', () => {
  it('exp is within one unit in the last place of Math.exp', () => {
    fc.assert(fc.property(fc.double({ min: -745, max: 709, noNaN: true }), (x) => Math.abs(ulps(exp(x), Math.exp(x))) <= 1), { numRuns: 20_000, seed: 1 });
  });

  it('log is within one unit in the last place of Math.log', () => {
    fc.assert(fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (x) => Math.abs(ulps(log(x), Math.log(x))) <= 1), { numRuns: 20_000, seed: 2 });
  });

  it('pow is within 1e-13 relative of Math.pow over the model\'s range', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), (b, y) => Math.abs(pow(b, y) / Math.pow(b, y) - 1) < 1e-13),
      { numRuns: 20_000, seed: 3 },
    );
  });

  it('special values', () => {
    expect([exp(0), exp(Number.NaN), exp(1000), exp(-1000)]).toEqual([1, Number.NaN, Number.POSITIVE_INFINITY, 0]);
    expect(Math.abs(ulps(exp(1), Math.E))).toBeLessThanOrEqual(1);
    expect([log(1), log(0), log(-1), log(Number.POSITIVE_INFINITY)]).toEqual([0, Number.NEGATIVE_INFINITY, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(Math.abs(ulps(log(Math.E), 1))).toBeLessThanOrEqual(1);
    expect([pow(2, 0), pow(1, 1e9), pow(0, 2), pow(-1, 0.5), pow(4, 0.5)]).toEqual([1, 1, 0, Number.NaN, 2]);
  });

  it('normal draws one uniform each and has mean 0 and variance 1', () => {
    const rng = streamFor('normal-test');
    const twin = streamFor('normal-test');
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = normal(rng);
      twin();
      s += z;
      s2 += z * z;
    }
    expect(rng()).toBe(twin());
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.01);
  });
});
