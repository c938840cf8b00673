import { streamFor } from '../model/rng.js';
import type { Factor } from './sensitivity.js';
import { unitLatinHypercube } from './sweepDesign.js';

/** How an ensemble draws each run's assumptions from their ranges. */
export type AssumptionMethod = 'lhs' | 'mc';

/** An ensemble's assumption sampling: the method, its seed, and the factors drawn. */
export interface AssumptionSampling {
  readonly method: AssumptionMethod;
  readonly seed: number;
  readonly factors: readonly Factor[];
}

/**
 * The unit-cube coordinates of each run's assumptions, by position in the seed list.
 * Each factor has its own stream, named by the sampling seed and the factor's id, so
 * a factor's draws do not depend on which other factors are drawn (two scenarios that
 * fix different parameters still share the draws of the rest). Monte Carlo: one
 * uniform per factor and run seed, whatever the seed list. Latin hypercube: for each
 * factor, the seed list's positions spread over as many equal strata (so the draws
 * depend on the seed list: pair two such ensembles only over the same seeds).
 */
export function assumptionDraws(s: AssumptionSampling, seeds: readonly number[]): (position: number) => Float64Array {
  const d = s.factors.length;
  if (s.method === 'mc') {
    return (position) => Float64Array.from(s.factors, (f) => streamFor(`assumptions/${s.seed}/mc/${f.id}/${seeds[position]}`)());
  }
  const columns = s.factors.map((f) => unitLatinHypercube(seeds.length, 1, streamFor(`assumptions/${s.seed}/lhs/${f.id}`)));
  return (position) => {
    const x = new Float64Array(d);
    for (let i = 0; i < d; i++) x[i] = columns[i]![position]!;
    return x;
  };
}

/**
 * What two ensembles must share for their runs to pair draw for draw: the method and
 * seed, and for a Latin hypercube the seed list (its strata are spread over it).
 */
export function samplingIdentity(s: AssumptionSampling | undefined, seeds: readonly number[]): string {
  if (!s) return 'none (the calibration\'s central values)';
  return s.method === 'mc' ? `Monte Carlo, assumption seed ${s.seed}` : `Latin hypercube, assumption seed ${s.seed}, over seeds ${seedRanges(seeds)}`;
}

/** A seed list in the CLI's own notation, runs of consecutive seeds joined: `1..100`, `1..10,20..29`, `3,7`. */
export function seedRanges(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(j > i ? `${seeds[i]}..${seeds[j]}` : String(seeds[i]));
    i = j + 1;
  }
  return parts.join(',');
}
