import { clamp01, distanceFromEven } from './math.js';
import type { Params } from './params.js';

/**
 * Domestic stability moves toward a target lowered by output below trend, by
 * coercion risk and by a posture far from even (the public prefers neutrality),
 * and drops at once with a migration shock in proportion to arrivals per head.
 */
export function nextStability(params: Params, s: number, gdpGap: number, securityExposure: number, alignment: ArrayLike<number>, migrants: number): number {
  const target =
    params['stability.target'] -
    params['stability.weight.economy'] * Math.max(0, -gdpGap) -
    params['stability.weight.security'] * securityExposure -
    params['stability.weight.polarisation'] * params['kz.neutralityPreference'] * distanceFromEven(alignment);
  const shock = params['stability.weight.migration'] * (migrants / params['demography.population']);
  return clamp01(s + params['stability.adjustment'] * (target - s) - shock);
}
