import { describe, expect, it } from 'vitest';
import { elementaryEffects, morrisRadial, morrisStats, morrisTrajectories, type MorrisPlan } from '../src/analysis/morris.js';
import { saltelliDesign, sobolAnalysis, sobolConvergence } from '../src/analysis/sobolIndices.js';
import { digitalShift, sobolPoints } from '../src/analysis/sobolSequence.js';
import { streamFor } from '../src/model/rng.js';

/** Evaluates f at every point of a row-major unit-cube design, scaling each coordinate to [lo, hi]. */
function evaluate(points: Float64Array, d: number, f: (x: Float64Array) => number, lo = 0, hi = 1): Float64Array {
  const n = points.length / d;
  const y = new Float64Array(n);
  const x = new Float64Array(d);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) x[i] = lo + (hi - lo) * points[k * d + i]!;
    y[k] = f(x);
  }
  return y;
}

/** Ishigami and Homma (1990), a = 7, b = 0.1, on [−π, π]³. */
const ishigami = (x: Float64Array): number => Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);
/** Its indices, analytically (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, §4.9). */
const ISHIGAMI_S1 = [0.3139, 0.4424, 0];
const ISHIGAMI_ST = [0.5576, 0.4424, 0.2437];

/** Sobol's G function on [0, 1]^8 with a = (0, 1, 4.5, 9, 99, 99, 99, 99) (Saltelli et al. 2010, §4). */
const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99];
const gFunction = (x: Float64Array): number => G_A.reduce((p, a, i) => (p * (Math.abs(4 * x[i]! - 2) + a)) / (1 + a), 1);
/** Its indices, analytically: V_i = 1 / (3 (1 + a_i)²), V = Π(1 + V_i) − 1, S_i = V_i / V, S_Ti = V_i Π_{j≠i}(1 + V_j) / V. */
function gIndices(): { s1: number[]; st: number[] } {
  const v = G_A.map((a) => 1 / (3 * (1 + a) ** 2));
  const all = v.reduce((p, vi) => p * (1 + vi), 1);
  const V = all - 1;
  return { s1: v.map((vi) => vi / V), st: v.map((vi) => (vi * all) / (1 + vi) / V) };
}

/** Sobol' analysis of f over d factors with n base rows (a shifted Sobol' sequence from `seed`). */
function sobolOf(f: (x: Float64Array) => number, d: number, n: number, seed: string, lo = 0, hi = 1) {
  const rng = streamFor(seed);
  const base = sobolPoints(n, 2 * d, digitalShift(2 * d, rng));
  const y = evaluate(saltelliDesign(base, n, d), d, f, lo, hi);
  return { analysis: sobolAnalysis(y, n, d, 500, 0.95, streamFor(`${seed}/bootstrap`)), y };
}

describe("Sobol' indices against published values", () => {
  it('Ishigami (a = 7, b = 0.1) at N = 8,192: every index within 0.01, every interval covering the true value', () => {
    const { analysis } = sobolOf(ishigami, 3, 8192, 'test/ishigami', -Math.PI, Math.PI);
    analysis.first.forEach((e, i) => {
      expect(Math.abs(e.value - ISHIGAMI_S1[i]!), `S${i + 1}`).toBeLessThan(0.01);
      expect(e.low - 0.002).toBeLessThanOrEqual(ISHIGAMI_S1[i]!);
      expect(e.high + 0.002).toBeGreaterThanOrEqual(ISHIGAMI_S1[i]!);
    });
    analysis.total.forEach((e, i) => {
      expect(Math.abs(e.value - ISHIGAMI_ST[i]!), `ST${i + 1}`).toBeLessThan(0.01);
      expect(e.low - 0.002).toBeLessThanOrEqual(ISHIGAMI_ST[i]!);
      expect(e.high + 0.002).toBeGreaterThanOrEqual(ISHIGAMI_ST[i]!);
    });
  });

  it("Sobol's G function (8 factors) at N = 4,096: every index within 0.01 of its analytic value", () => {
    const { s1, st } = gIndices();
    const { analysis } = sobolOf(gFunction, 8, 4096, 'test/g');
    analysis.first.forEach((e, i) => expect(Math.abs(e.value - s1[i]!), `S${i + 1}`).toBeLessThan(0.01));
    analysis.total.forEach((e, i) => expect(Math.abs(e.value - st[i]!), `ST${i + 1}`).toBeLessThan(0.01));
  });

  it('converges: the error of the Ishigami indices at N is no larger than at N/4', () => {
    const n = 4096;
    const { y } = sobolOf(ishigami, 3, n, 'test/convergence', -Math.PI, Math.PI);
    const table = sobolConvergence(y, n, 3);
    expect(table.map((t) => t.rows)).toEqual([1024, 2048, 4096]);
    const error = (t: (typeof table)[number]): number => Math.max(...ISHIGAMI_S1.map((s, i) => Math.abs(t.estimate.first[i]! - s)), ...ISHIGAMI_ST.map((s, i) => Math.abs(t.estimate.total[i]! - s)));
    expect(error(table[2]!)).toBeLessThanOrEqual(error(table[0]!));
  });

  it('gives 0, not NaN, for an output that never changes', () => {
    const { analysis } = sobolOf(() => 3, 4, 64, 'test/constant');
    for (const e of [...analysis.first, ...analysis.total]) expect([e.value, e.low, e.high]).toEqual([0, 0, 0]);
  });

  it('is the same to the bit for the same seed, and different for another', () => {
    const a = sobolOf(ishigami, 3, 256, 'test/same', -Math.PI, Math.PI).analysis;
    const b = sobolOf(ishigami, 3, 256, 'test/same', -Math.PI, Math.PI).analysis;
    const c = sobolOf(ishigami, 3, 256, 'test/other', -Math.PI, Math.PI).analysis;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });
});

describe("the Sobol' sequence", () => {
  it("matches Joe and Kuo's points (as scipy.stats.qmc.Sobol(d, scramble=False) gives them)", () => {
    const p = sobolPoints(8, 6);
    // scipy 1.17.1: qmc.Sobol(d=6, scramble=False).random(8)
    expect(Array.from(p.subarray(2 * 6, 3 * 6))).toEqual([0.75, 0.25, 0.25, 0.25, 0.75, 0.75]);
    expect(Array.from(p.subarray(7 * 6, 8 * 6))).toEqual([0.125, 0.625, 0.375, 0.125, 0.125, 0.375]);
    // the last dimensions of the table: qmc.Sobol(d=400, scramble=False).random(16)[15][390:400]
    const q = sobolPoints(16, 400);
    expect(Array.from(q.subarray(15 * 400 + 390, 16 * 400))).toEqual([0.0625, 0.5625, 0.3125, 0.0625, 0.0625, 0.9375, 0.3125, 0.3125, 0.6875, 0.9375]);
  });

  it('stratifies: each of the first 2^k points falls in a different cell of every 1-D partition into 2^k cells', () => {
    const n = 256;
    const p = sobolPoints(n, 40);
    for (let i = 0; i < 40; i++) {
      const cells = new Set(Array.from({ length: n }, (_, k) => Math.floor(p[k * 40 + i]! * n)));
      expect(cells.size, `dimension ${i}`).toBe(n);
    }
  });
});

describe('Morris screening', () => {
  const plans: [string, (d: number) => MorrisPlan][] = [
    ['trajectories (4 levels)', (d) => morrisTrajectories(40, d, 4, streamFor('test/morris'))],
    ['a radial design', (d) => morrisRadial(sobolPoints(40, 2 * d, digitalShift(2 * d, streamFor('test/radial'))), 40, d)],
  ];

  it.each(plans)('on %s ranks the four nearly inert factors of the G function last', (_name, plan) => {
    const p = plan(8);
    const stats = morrisStats(elementaryEffects(p, evaluate(p.points, 8, gFunction)), 500, 0.95, streamFor('test/morris/bootstrap'));
    const ranked = stats.map((s, i) => [s.muStar.value, i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i);
    expect(new Set(ranked.slice(4))).toEqual(new Set([4, 5, 6, 7]));
    expect(ranked.slice(0, 2)).toEqual([0, 1]);
  });

  it.each(plans)('on %s gives μ* = σ = 0 for a factor the output ignores, and the slope for a linear one', (_name, plan) => {
    const p = plan(3);
    const stats = morrisStats(elementaryEffects(p, evaluate(p.points, 3, (x) => 2 * x[0]! - 5 * x[2]!)), 200, 0.95, streamFor('test/morris/linear'));
    expect(stats[1]!.muStar.value).toBe(0);
    expect(stats[1]!.sigma).toBe(0);
    expect(stats[0]!.mu).toBeCloseTo(2, 12);
    expect(stats[0]!.muStar.value).toBeCloseTo(2, 12);
    expect(stats[2]!.mu).toBeCloseTo(-5, 12);
    expect(stats[2]!.muStar.value).toBeCloseTo(5, 12);
    expect(stats[2]!.sigma).toBeLessThan(1e-9);
  });

  it('keeps trajectory points on the grid, in the unit cube, one factor moving by Δ at each step', () => {
    const levels = 6;
    const delta = levels / (2 * (levels - 1));
    const d = 7;
    const p = morrisTrajectories(25, d, levels, streamFor('test/grid'));
    for (let k = 0; k < p.r; k++) {
      for (let j = 0; j <= d; j++) {
        for (let i = 0; i < d; i++) {
          const v = p.points[(k * (d + 1) + j) * d + i]!;
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
          expect(Math.abs(v * (levels - 1) - Math.round(v * (levels - 1)))).toBeLessThan(1e-9);
        }
        if (j === 0) continue;
        const changed = Array.from({ length: d }, (_, i) => p.points[(k * (d + 1) + j) * d + i]! - p.points[(k * (d + 1) + j - 1) * d + i]!).map((dx, i) => [dx, i] as const).filter(([dx]) => dx !== 0);
        expect(changed).toHaveLength(1);
        expect(Math.abs(changed[0]![0])).toBeCloseTo(delta, 12);
        expect(changed[0]![1]).toBe(p.moved[k * d + j - 1]);
      }
    }
  });
});
