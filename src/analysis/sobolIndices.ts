import type { Prng } from '../model/rng.js';
import { quantileType7 } from './quantile.js';

/**
 * Saltelli's design for first- and total-order indices of `d` factors from `n` base
 * rows: the unit-cube points of matrices A and B (the first and last d coordinates of
 * a 2d-dimensional point set), and for each factor i the matrix AB_i (A with column i
 * from B). Evaluation order, used throughout: the n rows of A, the n rows of B, then
 * AB_1 … AB_d (n rows each): n × (d + 2) points in all.
 */
export function saltelliDesign(base: Float64Array, n: number, d: number): Float64Array {
  if (base.length !== n * 2 * d) throw new RangeError(`saltelliDesign: expected ${n} × ${2 * d} base coordinates, got ${base.length}`);
  const out = new Float64Array(n * (d + 2) * d);
  const put = (block: number, row: number, i: number, v: number): void => {
    out[(block * n + row) * d + i] = v;
  };
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const a = base[r * 2 * d + i]!;
      const b = base[r * 2 * d + d + i]!;
      put(0, r, i, a);
      put(1, r, i, b);
      for (let k = 0; k < d; k++) put(2 + k, r, i, k === i ? b : a);
    }
  }
  return out;
}

/** First- and total-order indices of every factor. */
export interface SobolEstimate {
  readonly first: Float64Array;
  readonly total: Float64Array;
  /** The variance of the output over A and B, by which both are normalised. */
  readonly variance: number;
}

/**
 * First-order (Saltelli et al. 2010, eq. (b) of table 2) and total-order (Jansen 1999)
 * indices from the outputs of a Saltelli design, over the base rows `rows` (all n when
 * omitted; a bootstrap resample or a leading subset otherwise):
 *   S_i  = mean(f_B (f_ABi − f_A)) / V,   S_Ti = mean((f_A − f_ABi)²) / (2V),
 * V the population variance of f_A and f_B together. A constant output gives 0 for both.
 */
export function sobolIndices(y: Float64Array, n: number, d: number, rows?: ArrayLike<number>): SobolEstimate {
  if (y.length !== n * (d + 2)) throw new RangeError(`sobolIndices: expected ${n * (d + 2)} outputs, got ${y.length}`);
  const m = rows?.length ?? n;
  const row = (k: number): number => (rows ? rows[k]! : k);
  let sum = 0;
  for (let k = 0; k < m; k++) sum += y[row(k)]! + y[n + row(k)]!;
  const mean = sum / (2 * m);
  let ss = 0;
  for (let k = 0; k < m; k++) ss += (y[row(k)]! - mean) ** 2 + (y[n + row(k)]! - mean) ** 2;
  const variance = ss / (2 * m);
  const first = new Float64Array(d);
  const total = new Float64Array(d);
  if (!(variance > 0)) return { first, total, variance: 0 };
  for (let i = 0; i < d; i++) {
    let s1 = 0;
    let st = 0;
    for (let k = 0; k < m; k++) {
      const r = row(k);
      const fA = y[r]!;
      const fB = y[n + r]!;
      const fAB = y[(2 + i) * n + r]!;
      s1 += fB * (fAB - fA);
      st += (fA - fAB) ** 2;
    }
    first[i] = s1 / m / variance;
    total[i] = st / m / (2 * variance);
  }
  return { first, total, variance };
}

/** An estimate with its percentile bootstrap interval. */
export interface WithInterval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** First- and total-order indices of each factor with bootstrap intervals. */
export interface SobolAnalysis {
  readonly first: readonly WithInterval[];
  readonly total: readonly WithInterval[];
  readonly variance: number;
}

/**
 * Sobol' indices with percentile bootstrap intervals: `resamples` resamples of the n
 * base rows with replacement (each row keeps its A, B and AB_i outputs together),
 * drawn from `rng`, at confidence `level`.
 */
export function sobolAnalysis(y: Float64Array, n: number, d: number, resamples: number, level: number, rng: Prng): SobolAnalysis {
  const point = sobolIndices(y, n, d);
  const firstDraws = Array.from({ length: d }, () => new Float64Array(resamples));
  const totalDraws = Array.from({ length: d }, () => new Float64Array(resamples));
  const rows = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < n; k++) rows[k] = Math.floor(rng() * n);
    const e = sobolIndices(y, n, d, rows);
    for (let i = 0; i < d; i++) {
      firstDraws[i]![b] = e.first[i]!;
      totalDraws[i]![b] = e.total[i]!;
    }
  }
  const tail = (1 - level) / 2;
  const interval = (value: number, draws: Float64Array): WithInterval => {
    return { value, low: quantileType7(draws, tail), high: quantileType7(draws, 1 - tail) };
  };
  return {
    first: Array.from(point.first, (v, i) => interval(v, firstDraws[i]!)),
    total: Array.from(point.total, (v, i) => interval(v, totalDraws[i]!)),
    variance: point.variance,
  };
}

/**
 * The indices from the first n/4, n/2 and n base rows (each a balanced leading block
 * of a Sobol' sequence when n is a power of two), to show whether they have settled.
 */
export function sobolConvergence(y: Float64Array, n: number, d: number): { readonly rows: number; readonly estimate: SobolEstimate }[] {
  return [Math.floor(n / 4), Math.floor(n / 2), n]
    .filter((m) => m >= 2)
    .map((m) => ({ rows: m, estimate: sobolIndices(y, n, d, Array.from({ length: m }, (_, k) => k)) }));
}
