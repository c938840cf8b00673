import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextNonOil, trendFactor } from '../src/model/economy.js';
import { withOverrides } from '../src/model/params.js';
import { streamFor } from '../src/model/rng.js';
import { poisson } from '../src/model/sanctions.js';
import { nextArmsShareRU } from '../src/model/security.js';
import { CALIBRATION } from './_helpers.js';

const P = CALIBRATION.params;
const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe('non-oil output adjustment', () => {
  it('stays on the trend path when its target is the trend, whatever the month', () => {
    const base = 100;
    let y = base;
    for (let step = 1; step <= 120; step++) {
      const before = base * trendFactor(P, step - 1);
      const now = base * trendFactor(P, step);
      y = nextNonOil(P, y, before, now, now);
      expect(Math.abs(y / now - 1)).toBeLessThan(1e-12);
    }
  });

  it('closes the share `economy.adjustment` of its gap to the target, measured from the trend path (property)', () => {
    fc.assert(
      fc.property(finite(10, 1000), finite(0.8, 1.2), finite(1, 1.01), finite(-100, 100), finite(0, 1), (trend, off, growth, shift, a) => {
        const Q = withOverrides(P, { 'economy.adjustment': a });
        const y = trend * off;
        const now = trend * growth;
        const target = now + shift;
        const next = nextNonOil(Q, y, trend, now, target);
        // the distance to the target shrinks by (1 − a), once last month's gap is carried onto this month's trend
        const carried = now + (y - trend);
        expect(next - target).toBeCloseTo((1 - a) * (carried - target), 9);
      }),
    );
  });
});

describe('Poisson draws of designations', () => {
  it('invert the exact CDF for small means', () => {
    const mean = 2.5;
    let cdf = 0;
    let pk = Math.exp(-mean);
    for (let k = 0; k < 12; k++) {
      cdf += pk;
      expect(poisson(mean, cdf - 1e-9)).toBe(k);
      expect(poisson(mean, Math.min(cdf + 1e-9, 1 - 1e-12))).toBe(k + 1);
      pk *= mean / (k + 1);
    }
  });

  it('stay finite, non-negative, monotone in u and centred on the mean for means where exp(−mean) underflows (property)', () => {
    fc.assert(
      fc.property(finite(0, 1e12), finite(0, 0.999999), finite(0, 0.999999), (mean, u, v) => {
        const a = poisson(mean, Math.min(u, v));
        const b = poisson(mean, Math.max(u, v));
        expect(Number.isInteger(a) && a >= 0).toBe(true);
        expect(a).toBeLessThanOrEqual(b);
      }),
    );
    const rng = streamFor('test/poisson');
    for (const mean of [800, 1e4, 1e6]) {
      let sum = 0;
      const n = 4000;
      for (let i = 0; i < n; i++) sum += poisson(mean, rng());
      // the sample mean of n draws is within 5 standard errors of the mean
      expect(Math.abs(sum / n - mean)).toBeLessThan(5 * Math.sqrt(mean / n) + 0.5);
    }
  });
});

describe('arms imports from Russia', () => {
  it('stay finite and in [0, 1] even when the start alignment with Russia is 0 (property)', () => {
    fc.assert(
      fc.property(finite(0, 1), finite(0, 1), finite(0, 1), (a0, alignment, share) => {
        const Q = withOverrides(P, { 'kz.alignment0.RU': a0 });
        const next = nextArmsShareRU(Q, share, alignment);
        expect(Number.isFinite(next)).toBe(true);
        expect(next).toBeGreaterThanOrEqual(0);
        expect(next).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('firms by size', () => {
  it('the radix order equals the comparator order: descending size, equal sizes by ascending index (property)', async () => {
    const { bySizeDescending } = await import('../src/model/firms.js');
    const value = fc.oneof(fc.constantFrom(0, -0, 1, 2.5, 1e-300, 1e300, Number.MIN_VALUE), fc.double({ min: 0, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 0, maxLength: 300 }), fc.integer({ min: 0, max: 5 }), (sizes, offset) => {
        const size = Float64Array.from([...Array(offset).fill(7), ...sizes]);
        const members = Uint32Array.from(sizes.map((_, i) => i + offset));
        const expected = Uint32Array.from(members).sort((a, b) => size[b]! - size[a]! || a - b);
        expect(Array.from(bySizeDescending(members, size))).toEqual(Array.from(expected));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Kazakhstan decision components', () => {
  it('componentValues reads every component, in COMPONENTS order', async () => {
    const { COMPONENTS, componentValues } = await import('../src/model/kazakhstan.js');
    const v = Object.fromEntries(COMPONENTS.map((c, i) => [c, i + 1])) as Parameters<typeof componentValues>[0];
    expect(Array.from(componentValues(v))).toEqual(COMPONENTS.map((_, i) => i + 1));
  });
});

describe('re-exporters', () => {
  it('are the firms with grey potential, ascending, and grey trade per firm round-trips through them (property)', async () => {
    const { greyByFirm, reExportersOf } = await import('../src/model/firms.js');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(0, 0, 0.5, 2), finite(0.1, 10), finite(0, 3)), { maxLength: 60 }), (rows) => {
        const greyMax = Float64Array.from(rows, (r) => r[0]);
        const invTolerance = Float64Array.from(rows, (r) => r[1]);
        const grey = Float64Array.from(rows, (r) => (r[0] > 0 ? r[2] : 0));
        const r = reExportersOf(greyMax, invTolerance, grey);
        expect(Array.from(r.firm)).toEqual(rows.flatMap((x, i) => (x[0] > 0 ? [i] : [])));
        expect(Array.from(r.potential)).toEqual(rows.filter((x) => x[0] > 0).map((x) => x[0]));
        expect(Array.from(r.invTolerance)).toEqual(rows.filter((x) => x[0] > 0).map((x) => x[1]));
        const firms = { n: rows.length, reExporters: r } as Parameters<typeof greyByFirm>[0];
        expect(Array.from(greyByFirm(firms))).toEqual(Array.from(grey));
      }),
    );
  });

  it('refuse grey trade on a firm that cannot re-export', async () => {
    const { reExportersOf } = await import('../src/model/firms.js');
    expect(() => reExportersOf(Float64Array.of(1, 0), Float64Array.of(1, 1), Float64Array.of(0.5, 0.25))).toThrow(/Firm 1 has grey trade \(0\.25\) but no grey potential/);
  });
});
