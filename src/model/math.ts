import { log } from './portableMath.js';

/** Clamp to [0, 1]. */
export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Clamp to [lo, hi]. */
export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** Herfindahl–Hirschman index of a share vector (1/n when even, 1 when concentrated). */
export function herfindahl(shares: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < shares.length; i++) h += (shares[i] ?? 0) * (shares[i] ?? 0);
  return h;
}

/** Normalised Shannon entropy of a share vector: 1 when even, 0 when all in one. */
export function normalisedEntropy(shares: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < shares.length; i++) {
    const s = shares[i] ?? 0;
    if (s > 0) h -= s * log(s);
  }
  return h / log(shares.length);
}

/** Half the L1 distance between a share vector and the even split (0 = even, up to 1 - 1/n). */
export function distanceFromEven(shares: ArrayLike<number>): number {
  const even = 1 / shares.length;
  let d = 0;
  for (let i = 0; i < shares.length; i++) d += Math.abs((shares[i] ?? 0) - even);
  return d / 2;
}
