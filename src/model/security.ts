import { CH_INFORMATION, CH_SECURITY, POWERS, RU, leverIndex } from './ids.js';
import type { Params } from './params.js';
import { exp } from './portableMath.js';

/**
 * Coercion risk in [0, 1]. Threat is each power's security and information
 * pressure weighted by its leverage (its share of Kazakhstan's arms imports), with
 * Russia's amplified by the ethnic-Russian share it claims to protect; backing is
 * every power's security assurance weighted by how close Kazakhstan stands to it,
 * plus diplomacy. exposure = 1 - exp(-k * (base + threat) * (1 - cap * (1 - exp(-backing)))).
 */
export function securityExposure(params: Params, levers: ArrayLike<number>, alignment: ArrayLike<number>, diplomacy: number, armsShareRU: number): number {
  let threat = 0;
  let backing = params['security.diplomacyWeight'] * diplomacy;
  for (let p = 0; p < POWERS.length; p++) {
    const sec = levers[leverIndex(p, CH_SECURITY)] ?? 0;
    const info = levers[leverIndex(p, CH_INFORMATION)] ?? 0;
    const leverage = p === RU ? armsShareRU : (1 - armsShareRU) / (POWERS.length - 1);
    const vulnerability = p === RU ? 1 + params['security.ethnicRussianShare'] : 1;
    threat += leverage * vulnerability * (Math.max(0, -sec) + params['security.informationWeight'] * Math.max(0, -info));
    backing += Math.max(0, sec) * (0.5 + (alignment[p] ?? 0));
  }
  const shield = params['security.backingCap'] * (1 - exp(-backing));
  const raw = (params['security.baseThreat'] + threat) * (1 - shield);
  return 1 - exp(-params['security.exposureScale'] * raw);
}

/** Arms-import share from Russia drifts toward its start value scaled by how far alignment with Russia has fallen. */
export function nextArmsShareRU(params: Params, armsShareRU: number, alignmentRU: number): number {
  const start = params['security.armsImportShare0.RU'];
  const a0 = params['kz.alignment0.RU'];
  const target = a0 > 0 ? start * Math.min(1, alignmentRU / a0) : start;
  return armsShareRU + params['security.armsAdjustment'] * (target - armsShareRU);
}
