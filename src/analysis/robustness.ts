import { exp } from '../model/portableMath.js';
import { normalQuantile } from '../model/rng.js';
import type { Factor, OutputSpec } from './sensitivity.js';

/** The comparisons a claim may make. */
export const CLAIM_OPERATORS = ['>=', '<=', '>', '<'] as const;
export type ClaimOperator = (typeof CLAIM_OPERATORS)[number];

/** A claim about one output: `<indicator>[:final|mean] <op> <number>`. */
export interface Claim {
  readonly text: string;
  readonly output: OutputSpec;
  readonly op: ClaimOperator;
  readonly threshold: number;
}

/** Parses a claim's text; the indicator is checked by the caller. */
export function parseClaim(text: string): Claim | undefined {
  const m = /^\s*([A-Za-z][\w.]*)(?::(final|mean))?\s*(>=|<=|>|<)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/.exec(text);
  if (!m) return undefined;
  const threshold = Number(m[4]);
  if (!Number.isFinite(threshold)) return undefined;
  return { text: text.trim(), output: { indicator: m[1]!, statistic: (m[2] as 'final' | 'mean' | undefined) ?? 'final' }, op: m[3] as ClaimOperator, threshold };
}

/** Whether value v satisfies the claim. */
export function holds(claim: Claim, v: number): boolean {
  switch (claim.op) {
    case '>':
      return v > claim.threshold;
    case '<':
      return v < claim.threshold;
    case '>=':
      return v >= claim.threshold;
    case '<=':
      return v <= claim.threshold;
  }
}

/**
 * Wilson's score interval for a proportion of k in n at confidence `level` (better than
 * the normal interval near 0 and 1, where robustness shares often lie).
 */
export function wilsonInterval(k: number, n: number, level: number): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  // exact at the ends (centre and half are equal there, up to rounding)
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/** The two-sample Kolmogorov–Smirnov distance between two samples. */
export function ksDistance(a: readonly number[], b: readonly number[]): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * The asymptotic p-value of a two-sample KS distance d between samples of sizes n and
 * m (Kolmogorov's distribution with Stephens' small-sample correction).
 */
export function ksPValue(d: number, n: number, m: number): number {
  if (n === 0 || m === 0) return 1;
  const ne = (n * m) / (n + m);
  const lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = (k % 2 === 1 ? 2 : -2) * exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}

/** How one factor separates the points where a claim holds from those where it fails. */
export interface DecidingFactor {
  readonly factor: string;
  /** KS distance between the factor's values where the claim holds and where it fails. */
  readonly ks: number;
  readonly pValue: number;
  /** The claim holds more often toward this end of the factor's range. */
  readonly holdsWhen: 'high' | 'low';
  readonly medianWhereHolds: number;
  readonly medianWhereFails: number;
}

const median = (v: readonly number[]): number => {
  const s = Float64Array.from(v).sort();
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)]! + s[Math.ceil(h)]!) / 2;
};

/**
 * Regional sensitivity (Monte Carlo filtering, Spear and Hornberger 1980): for each
 * factor, the KS distance between its values at the points where the claim holds and
 * where it fails, most separating first (ties by factor order). Empty when the claim
 * holds everywhere or nowhere: nothing separates.
 */
export function decidingFactors(factors: readonly Factor[], values: readonly (readonly number[])[], verdicts: readonly boolean[]): DecidingFactor[] {
  const inHolds = verdicts.filter((v) => v).length;
  if (inHolds === 0 || inHolds === verdicts.length) return [];
  return factors
    .map((f, i) => {
      const yes = values.filter((_, k) => verdicts[k]).map((row) => row[i]!);
      const no = values.filter((_, k) => !verdicts[k]).map((row) => row[i]!);
      const ks = ksDistance(yes, no);
      const my = median(yes);
      const mn = median(no);
      return { order: i, row: { factor: f.id, ks, pValue: ksPValue(ks, yes.length, no.length), holdsWhen: my >= mn ? ('high' as const) : ('low' as const), medianWhereHolds: my, medianWhereFails: mn } };
    })
    .sort((a, b) => b.row.ks - a.row.ks || a.order - b.order)
    .map((x) => x.row);
}
