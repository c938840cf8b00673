import type { Prng } from './rng.js';
import { CH_ENFORCEMENT, EU, US, leverIndex } from './ids.js';
import type { Params } from './params.js';
import { exp } from './portableMath.js';
import { normalQuantile } from './rng.js';

/** Combined enforcement intensity of the EU and the US: the chance that at least one acts. */
export function combinedEnforcement(levers: ArrayLike<number>): number {
  return 1 - (1 - (levers[leverIndex(EU, CH_ENFORCEMENT)] ?? 0)) * (1 - (levers[leverIndex(US, CH_ENFORCEMENT)] ?? 0));
}

/**
 * The compliance the world sees: Kazakhstan's own level, or the goods tracking a
 * scenario event imposes, whichever is higher. Detection, the sanctions-exposure shield,
 * settlements and Russia's compliance friction all read this one number, so the event
 * and the action are the same measure.
 */
export const effectiveCompliance = (compliance: number, tracking: number): number => Math.max(compliance, tracking);

/**
 * Detection risk a grey re-exporter faces: enforcement times detection. Detection rises
 * with (effective) compliance and with the salience of recent designations.
 */
export function detectionRisk(P: Params, enforcement: number, compliance: number, recentDesignations: number): number {
  const base = P['sanctions.detectBase'];
  return enforcement * (base + (1 - base) * compliance) * (1 + P['sanctions.designationSalience'] * recentDesignations);
}

/** Relative margin on grey re-export to Russia, raised by extra Russian demand. */
export const greyMargin = (P: Params, premium: number): number => P['grey.margin'] * (1 + premium);

/**
 * Secondary-sanctions risk in [0, 1]: enforcement times what enforcers hold against
 * the country (grey re-exports as a share of their potential, plus a standing weight
 * for how it cooperates, since enforcers judge the state's cooperation and not only
 * measured flows), shielded by compliance, plus recent designations of its entities.
 * exposure = 1 - exp(-k * (E * (greyShare + w_coop) * (1 - shield * c) + w_d * recent)).
 */
export function sanctionsExposure(P: Params, enforcement: number, greyShareOfPotential: number, compliance: number, recentDesignations: number): number {
  const raw =
    enforcement * (greyShareOfPotential + P['sanctions.cooperationWeight']) * (1 - P['sanctions.complianceShield'] * compliance) +
    P['sanctions.designationWeight'] * recentDesignations;
  return 1 - exp(-P['sanctions.exposureScale'] * raw);
}

/**
 * Investigations of Kazakh entities, as expected counts: opened each month in
 * proportion to enforcement and grey re-export value (real entities, so the count does
 * not depend on the number of firm agents), and maturing one investigation lag later,
 * when a listing is drawn unless the case was settled in consultations.
 */
export interface CaseState {
  /** Expected listings maturing, by month modulo the investigation lag. */
  readonly pipeline: Float64Array;
  /** Designations in each of the last twelve months, by month modulo 12. */
  readonly recent: Float64Array;
}

export function createCases(P: Params): CaseState {
  return { pipeline: new Float64Array(P['sanctions.investigationLag']), recent: new Float64Array(12) };
}

/** Designations in the last twelve months. */
export function recentDesignations(cases: CaseState): number {
  let s = 0;
  for (let k = 0; k < cases.recent.length; k++) s += cases.recent[k]!;
  return s;
}

/** Expected investigations under way (cases opened and not yet matured). */
export function openInvestigations(cases: CaseState): number {
  let s = 0;
  for (let k = 0; k < cases.pipeline.length; k++) s += cases.pipeline[k]!;
  return s;
}

/**
 * One month of enforcement: the cases opened one lag ago mature; each becomes a
 * listing unless settled (settled share times compliance); the count is a Poisson draw
 * (one uniform, by inversion, so the stream position is fixed). This month's new cases
 * take the freed slot. Returns the number designated and the expected new cases.
 */
export function stepCases(P: Params, cases: CaseState, step: number, enforcement: number, greyUsdBn: number, compliance: number, rng: Prng): { designated: number; opened: number } {
  const slot = step % cases.pipeline.length;
  const maturing = cases.pipeline[slot]! * (1 - P['sanctions.settledShare'] * compliance);
  const opened = P['sanctions.caseRate'] * enforcement * greyUsdBn;
  cases.pipeline[slot] = opened;
  const designated = poisson(maturing, rng());
  cases.recent[step % 12] = designated;
  return { designated, opened };
}

/** The Poisson(mean) quantile of u (inversion; exact for the small means enforcement produces). */
export function poisson(mean: number, u: number): number {
  if (!(mean > 0)) return 0;
  // Beyond this mean exp(-mean) underflows; the normal approximation is then exact to well under one count in a thousand.
  if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normalQuantile(u)));
  let k = 0;
  let p = exp(-mean);
  let cdf = p;
  while (u >= cdf && k < 10_000) {
    k++;
    p *= mean / k;
    cdf += p;
    if (p === 0) break;
  }
  return k;
}
