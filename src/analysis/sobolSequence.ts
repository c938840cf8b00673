import { SOBOL_DIRECTIONS } from './sobolDirections.js';

/** Bits of each coordinate (as SALib and Joe and Kuo's reference code: 31 keeps every operation in a signed 32-bit integer). */
const BITS = 31;
const SCALE = 2 ** BITS;

/** The most dimensions the direction-number table supports. */
export const MAX_SOBOL_DIMENSIONS = SOBOL_DIRECTIONS.length + 1;

/** The direction integers V[1..BITS] of one dimension (dimension 0 is the van der Corput sequence). */
function directionIntegers(dimension: number): Int32Array {
  const v = new Int32Array(BITS + 1);
  if (dimension === 0) {
    for (let j = 1; j <= BITS; j++) v[j] = 1 << (BITS - j);
    return v;
  }
  const row = SOBOL_DIRECTIONS[dimension - 1]!;
  const a = row[0]!;
  const s = row.length - 1;
  for (let j = 1; j <= Math.min(s, BITS); j++) v[j] = row[j]! << (BITS - j);
  for (let j = s + 1; j <= BITS; j++) {
    let x = v[j - s]! ^ (v[j - s]! >> s);
    for (let k = 1; k < s; k++) if ((a >> (s - 1 - k)) & 1) x ^= v[j - k]!;
    v[j] = x;
  }
  return v;
}

/** The position (from 1) of the lowest zero bit of n. */
function lowestZeroBit(n: number): number {
  let c = 1;
  for (let m = n; m & 1; m >>>= 1) c++;
  return c;
}

/**
 * The first `n` points of the `d`-dimensional Sobol' sequence (Joe and Kuo's direction
 * numbers, Gray-code order), each coordinate XOR-ed with `shift[dimension]` (a random
 * digital shift, which keeps the sequence's stratification and makes independent
 * replicates possible; all zeros gives the plain sequence). Row-major, n × d, in [0, 1).
 */
export function sobolPoints(n: number, d: number, shift?: Int32Array): Float64Array {
  if (d < 1 || d > MAX_SOBOL_DIMENSIONS) throw new RangeError(`Sobol' points need 1 to ${MAX_SOBOL_DIMENSIONS} dimensions; got ${d}`);
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 30) throw new RangeError(`Sobol' points: n must be an integer from 1 to 2^30; got ${n}`);
  const out = new Float64Array(n * d);
  for (let i = 0; i < d; i++) {
    const v = directionIntegers(i);
    const s = shift?.[i] ?? 0;
    let x = 0;
    out[i] = s / SCALE;
    for (let j = 1; j < n; j++) {
      x ^= v[lowestZeroBit(j - 1)]!;
      out[j * d + i] = (x ^ s) / SCALE;
    }
  }
  return out;
}

/** A random digital shift for `d` dimensions from a uniform source (BITS bits per dimension). */
export function digitalShift(d: number, uniform: () => number): Int32Array {
  const shift = new Int32Array(d);
  for (let i = 0; i < d; i++) shift[i] = Math.floor(uniform() * SCALE);
  return shift;
}
