import type { Prng } from '../model/rng.js';
import { quantileType7 } from './quantile.js';
import type { WithInterval } from './sobolIndices.js';

/** How a Morris design moves one factor at a time. */
export type MorrisDesign = 'trajectory' | 'radial';

/**
 * A Morris design in the unit cube: `r` blocks of d + 1 points, row-major
 * (r × (d + 1) × d), each block a base point followed by d points that each change one
 * more factor (trajectory) or one factor of the base point (radial), and the order of
 * the factors in each block.
 *
 * Trajectory (Morris 1991, as in SALib): a grid of `levels` levels (even), a jump of
 * Δ = levels / (2 (levels − 1)); each block starts at a random grid point from which
 * every factor can jump by Δ, in a random direction per factor, and moves the factors in
 * a random order, so that block's points form a path. Radial (Campolongo et al. 2011):
 * block k is the base point a_k, then a_k with factor i set to b_k,i for each i in turn;
 * a and b are the first and last d coordinates of `radialBase` (e.g. a shifted Sobol'
 * sequence, r × 2d).
 */
export interface MorrisPlan {
  readonly design: MorrisDesign;
  readonly r: number;
  readonly d: number;
  readonly points: Float64Array;
  /** For block k and step j (1…d), the factor changed between points j − 1 and j (trajectory) or between the base and point j (radial). */
  readonly moved: Int32Array;
}

/** A trajectory design of `r` paths on a grid of `levels` levels (random choices from `rng`). */
export function morrisTrajectories(r: number, d: number, levels: number, rng: Prng): MorrisPlan {
  if (levels < 2 || levels % 2 !== 0) throw new RangeError(`Morris levels must be even and at least 2; got ${levels}`);
  const delta = levels / (2 * (levels - 1));
  const points = new Float64Array(r * (d + 1) * d);
  const moved = new Int32Array(r * d);
  const x = new Float64Array(d);
  for (let k = 0; k < r; k++) {
    // a start from which +Δ stays in [0, 1]: levels 0 … levels/2 − 1 of the grid
    const up: boolean[] = [];
    for (let i = 0; i < d; i++) {
      const level = Math.floor(rng() * (levels / 2)) / (levels - 1);
      up[i] = rng() < 0.5;
      x[i] = up[i] ? level : level + delta;
    }
    const order = shuffled(d, rng);
    const block = k * (d + 1) * d;
    points.set(x, block);
    for (let j = 1; j <= d; j++) {
      const i = order[j - 1]!;
      x[i] = up[i] ? x[i]! + delta : x[i]! - delta;
      points.set(x, block + j * d);
      moved[k * d + j - 1] = i;
    }
  }
  return { design: 'trajectory', r, d, points, moved };
}

/** A radial design from r × 2d base coordinates (a | b), moving the factors in their own order. */
export function morrisRadial(radialBase: Float64Array, r: number, d: number): MorrisPlan {
  if (radialBase.length !== r * 2 * d) throw new RangeError(`morrisRadial: expected ${r} × ${2 * d} coordinates, got ${radialBase.length}`);
  const points = new Float64Array(r * (d + 1) * d);
  const moved = new Int32Array(r * d);
  for (let k = 0; k < r; k++) {
    const a = radialBase.subarray(k * 2 * d, k * 2 * d + d);
    const b = radialBase.subarray(k * 2 * d + d, (k + 1) * 2 * d);
    const block = k * (d + 1) * d;
    points.set(a, block);
    for (let i = 0; i < d; i++) {
      points.set(a, block + (i + 1) * d);
      points[block + (i + 1) * d + i] = b[i]!;
      moved[k * d + i] = i;
    }
  }
  return { design: 'radial', r, d, points, moved };
}

/** The elementary effects of a plan's outputs: effects[i] holds factor i's r effects, in output units per unit of the factor's range. */
export function elementaryEffects(plan: MorrisPlan, y: Float64Array): Float64Array[] {
  const { r, d, points, moved } = plan;
  if (y.length !== r * (d + 1)) throw new RangeError(`elementaryEffects: expected ${r * (d + 1)} outputs, got ${y.length}`);
  const effects = Array.from({ length: d }, () => new Float64Array(r));
  for (let k = 0; k < r; k++) {
    for (let j = 1; j <= d; j++) {
      const i = moved[k * d + j - 1]!;
      const from = plan.design === 'trajectory' ? j - 1 : 0;
      const dx = points[(k * (d + 1) + j) * d + i]! - points[(k * (d + 1) + from) * d + i]!;
      const dy = y[k * (d + 1) + j]! - y[k * (d + 1) + from]!;
      // a radial step of zero length (b_i = a_i) carries no information: an effect of 0
      effects[i]![k] = dx === 0 ? 0 : dy / dx;
    }
  }
  return effects;
}

/** Morris statistics of one factor. */
export interface MorrisStats {
  /** Mean elementary effect (signed: effects of opposite sign cancel). */
  readonly mu: number;
  /** Mean absolute elementary effect, with a bootstrap interval: the screening measure. */
  readonly muStar: WithInterval;
  /** Standard deviation of the elementary effects (n − 1): non-linearity or interaction. */
  readonly sigma: number;
}

/** μ, μ* (with a percentile bootstrap interval over the r effects) and σ of each factor. */
export function morrisStats(effects: readonly Float64Array[], resamples: number, level: number, rng: Prng): MorrisStats[] {
  return effects.map((e) => {
    const r = e.length;
    let sum = 0;
    let abs = 0;
    for (const v of e) {
      sum += v;
      abs += Math.abs(v);
    }
    const mu = sum / r;
    let ss = 0;
    for (const v of e) ss += (v - mu) ** 2;
    const draws = new Float64Array(resamples);
    for (let b = 0; b < resamples; b++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += Math.abs(e[Math.floor(rng() * r)]!);
      draws[b] = s / r;
    }
    const tail = (1 - level) / 2;
    return { mu, muStar: { value: abs / r, low: quantileType7(draws, tail), high: quantileType7(draws, 1 - tail) }, sigma: r > 1 ? Math.sqrt(ss / (r - 1)) : 0 };
  });
}

/** A uniformly random order of 0 … d − 1 (Fisher–Yates). */
function shuffled(d: number, rng: Prng): Int32Array {
  const order = Int32Array.from({ length: d }, (_, i) => i);
  for (let i = d - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
