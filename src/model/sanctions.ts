import { CH_ENFORCEMENT, EU, US, leverIndex } from './ids.js';
import type { Params } from './params.js';

/** Combined enforcement intensity of the EU and the US: the chance that at least one acts. */
export function combinedEnforcement(levers: ArrayLike<number>): number {
  return 1 - (1 - (levers[leverIndex(EU, CH_ENFORCEMENT)] ?? 0)) * (1 - (levers[leverIndex(US, CH_ENFORCEMENT)] ?? 0));
}

/** Detection risk a grey re-exporter faces: enforcement times detection, which Kazakhstan's compliance raises. */
export function detectionRisk(params: Params, enforcement: number, compliance: number): number {
  const base = params['sanctions.detectBase'];
  return enforcement * (base + (1 - base) * compliance);
}

/** Relative margin on grey re-export to Russia. */
export function greyMargin(params: Params, premium: number): number {
  return params['sanctions.greyMargin0'] * (1 + premium);
}

/**
 * Secondary-sanctions risk in [0, 1]: enforcement times what enforcers hold against
 * the country (grey volume, plus a standing weight for how it cooperates, since
 * enforcers judge the state's cooperation and not only measured flows), shielded by
 * compliance, plus the designated share of firms.
 * exposure = 1 - exp(-k * (E * (grey + w_coop) * (1 - shield * c) + w_d * designatedShare)).
 */
export function sanctionsExposure(params: Params, enforcement: number, greyTradeIndex: number, compliance: number, designatedShare: number): number {
  const raw = enforcement * (greyTradeIndex + params['sanctions.cooperationWeight']) * (1 - params['sanctions.complianceShield'] * compliance) + params['sanctions.designationWeight'] * designatedShare;
  return 1 - Math.exp(-params['sanctions.exposureScale'] * raw);
}
