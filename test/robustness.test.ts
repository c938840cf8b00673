import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decidingFactors, holds, ksDistance, ksPValue, parseClaim, wilsonInterval } from '../src/analysis/robustness.js';
import type { Factor } from '../src/analysis/sensitivity.js';
import { streamFor } from '../src/model/rng.js';
import { RobustnessResultSchema } from '../src/results/robustnessResult.js';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

const BASE = join(SCENARIOS, 'baseline-2022.yaml');
const STRICT = join(SCENARIOS, 'secondary-sanctions-strict.yaml');
const SMALL = ['--firms', '300', '--seeds', '1..2', '--quiet'];

describe('claims', () => {
  it.each([
    ['economy.gdpIndex:final > 0', 'economy.gdpIndex', 'final', '>', 0],
    ['sanctions.exposure:mean <= -0.01', 'sanctions.exposure', 'mean', '<=', -0.01],
    ['  kz.compliance >= 6e-1 ', 'kz.compliance', 'final', '>=', 0.6],
  ])('parses %j', (text, indicator, statistic, op, threshold) => {
    expect(parseClaim(text)).toEqual({ text: text.trim(), output: { indicator, statistic }, op, threshold });
  });

  it.each(['economy.gdpIndex', 'economy.gdpIndex > ', 'economy.gdpIndex:max > 0', 'economy.gdpIndex == 0', '> 0', 'economy.gdpIndex > 1e999'])('refuses %j', (text) => {
    expect(parseClaim(text)).toBeUndefined();
  });

  it('judges values at and around the threshold as each operator says', () => {
    const at = (op: string, v: number) => holds(parseClaim(`x ${op} 1`)!, v);
    expect([at('>', 1), at('>=', 1), at('<', 1), at('<=', 1)]).toEqual([false, true, false, true]);
    expect([at('>', 1.5), at('<', 0.5)]).toEqual([true, true]);
  });
});

describe('statistics of robustness', () => {
  it('Wilson intervals: published values, and always inside [0, 1] around the share (property)', () => {
    // Newcombe (1998), table I: 0/10 → [0, 0.2775]; 1/29 → [0.0061, 0.1718]; 81/263 → [0.2553, 0.3662]
    const near = (got: { low: number; high: number }, low: number, high: number) => {
      expect(got.low).toBeCloseTo(low, 4);
      expect(got.high).toBeCloseTo(high, 4);
    };
    near(wilsonInterval(0, 10, 0.95), 0, 0.2775);
    near(wilsonInterval(1, 29, 0.95), 0.0061, 0.1718);
    near(wilsonInterval(81, 263, 0.95), 0.2553, 0.3662);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))), ([n, k]) => {
        const { low, high } = wilsonInterval(k, n, 0.95);
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(k / n + 1e-12);
        expect(high).toBeGreaterThanOrEqual(k / n - 1e-12);
      }),
    );
  });

  it('KS distance equals the largest gap between the two empirical distribution functions, checked at every point (property)', () => {
    const ecdf = (s: number[], v: number) => s.filter((x) => x <= v).length / s.length;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 30 }), (a, b) => {
        const brute = Math.max(...[...a, ...b].map((v) => Math.abs(ecdf(a, v) - ecdf(b, v))));
        expect(ksDistance(a, b)).toBeCloseTo(brute, 12);
      }),
    );
  });

  it('KS p-values: 1 for identical samples, small for separated ones, as tables give (λ = 1.36 → 0.05)', () => {
    expect(ksPValue(0, 50, 50)).toBe(1);
    expect(ksPValue(1, 50, 50)).toBeLessThan(1e-10);
    // Kolmogorov's distribution: P(K > 1.3581) = 0.05, so λ = 1.3581 after Stephens' scaling of d
    const n = 400;
    const se = Math.sqrt(n / 2);
    expect(ksPValue(1.3581 / (se + 0.12 + 0.11 / se), n, n)).toBeCloseTo(0.05, 4);
  });

  it('names the factor that decides a claim on data with a known box, and the side it holds on', () => {
    const rng = streamFor('test/box');
    const factors: Factor[] = ['a', 'b', 'c'].map((id) => ({ id, path: `parameters.${id}`, low: 0, high: 1, integer: false, group: 'g', provenance: 'assumption' }));
    const values = Array.from({ length: 300 }, () => [rng(), rng(), rng()]);
    const verdicts = values.map((v) => v[1]! < 0.3); // holds exactly when b is low
    const d = decidingFactors(factors, values, verdicts);
    expect(d[0]).toMatchObject({ factor: 'b', holdsWhen: 'low' });
    expect(d[0]!.ks).toBeGreaterThan(0.9);
    expect(d[0]!.pValue).toBeLessThan(1e-6);
    expect(d.slice(1).every((x) => x.ks < 0.25)).toBe(true);
    expect(decidingFactors(factors, values, values.map(() => true))).toEqual([]);
  });
});

describe('mvsim robustness', () => {
  const dir = tempDir();

  it('reports the share of the plausible space in which each claim holds, with its interval and deciding assumptions', async () => {
    const r = await cli(['robustness', STRICT, '--against', BASE, '--claim', 'sanctions.greyTrade:final < 0', '--claim', 'economy.gdpIndex:final > 0', '--group', 'grey', '--group', 'sanctions', '--samples', '24', ...SMALL, '--out', 'r.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const doc = RobustnessResultSchema.parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')));
    expect(doc.claims.map((c) => c.claim)).toEqual(['sanctions.greyTrade:final < 0', 'economy.gdpIndex:final > 0']);
    for (const c of doc.claims) {
      expect(c.points).toBe(24);
      expect(c.share).toBeCloseTo(c.holds / 24, 10);
      expect(c.low).toBeLessThanOrEqual(c.share);
      expect(c.high).toBeGreaterThanOrEqual(c.share);
      // the share is what the sampled outputs say
      const k = doc.claims.indexOf(c);
      const count = doc.samples.rows.filter((row) => (k === 0 ? row.outputs[k]! < 0 : row.outputs[k]! > 0)).length;
      expect(c.holds).toBe(count);
    }
    expect(doc.samples.rows).toHaveLength(24);
    expect(doc.factors.every((f) => f.group === 'grey' || f.group === 'sanctions')).toBe(true);
  });

  it('a claim about a scenario against itself holds everywhere or nowhere, and nothing decides it', async () => {
    const r = await cli(['robustness', BASE, '--against', BASE, '--claim', 'economy.gdpIndex:final >= 0', '--claim', 'economy.gdpIndex:final > 0', '--params', 'grey.margin', 'doctrine.economy', '--samples', '6', ...SMALL, '--out', 'self.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const doc = RobustnessResultSchema.parse(JSON.parse(readFileSync(join(dir, 'self.json'), 'utf8')));
    expect(doc.claims.map((c) => [c.holds, c.deciding.length])).toEqual([[6, 0], [0, 0]]);
  });

  it('writes the same bytes for one worker and two', async () => {
    const args = ['robustness', STRICT, '--against', BASE, '--claim', 'sanctions.exposure:final < 0', '--group', 'sanctions', '--samples', '10', ...SMALL];
    expect((await cli([...args, '--workers', '1', '--out', 'w1.json'], dir)).code).toBe(0);
    expect((await cli([...args, '--workers', '2', '--out', 'w2.json'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'w2.json'), 'utf8')).toBe(readFileSync(join(dir, 'w1.json'), 'utf8'));
  });

  it.each([
    [[], /Name at least one --claim/],
    [['--claim', 'gdp > 0'], /no such indicator gdp/],
    [['--claim', 'economy.gdpIndex'], /expected "INDICATOR\[:final\|mean\] OP NUMBER"/],
    [['--claim', 'economy.gdpIndex > 0', '--params', 'nope'], /--params nope: no such parameter/],
    [['--claim', 'economy.gdpIndex > 0', '--samples', '1'], /--samples/],
  ])('refuses %j with exit 2', async (extra, message) => {
    const r = await cli(['robustness', BASE, ...extra, '--out', 'never.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
