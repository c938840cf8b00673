import type { Prng } from './rng.js';
import { CHANNELS, CH_ENFORCEMENT, CH_INFORMATION, CH_INVESTMENT, CH_SECURITY, CH_TRADE, CN, EU, RU, US, leverIndex } from './ids.js';
import type { Interventions } from './interventions.js';
import { clamp } from './math.js';
import type { Params } from './params.js';

/** What the powers observe of Kazakhstan: last month's posture, compliance and grey trade. */
export interface PowersView {
  readonly alignment: ArrayLike<number>;
  readonly compliance: number;
  readonly greyTradeIndex: number;
}

/** Why a power's lever moved this month, beyond its standing rule (for the event log). */
export interface PowerNote {
  readonly actor: 'RU' | 'CN' | 'EU' | 'US';
  readonly kind: string;
  readonly detail: string;
}

/**
 * Each power's reaction rules for one month, written into `levers` (24 values,
 * power-major). Russia presses on trade, security and information in proportion
 * to how far Kazakhstan's alignment has fallen below its target, and makes a seeded
 * rhetorical outburst at a documented base rate; China offers assurance in
 * proportion to Russian pressure; the EU and US raise enforcement when grey trade
 * grows, and invest more as Kazakhstan leans toward them and complies. Events then
 * bound the levers. Draws exactly one number from the powers' stream.
 */
export function reactPowers(params: Params, view: PowersView, events: Interventions, rng: Prng, levers: Float64Array, notes: PowerNote[]): void {
  levers.fill(0);
  const a = view.alignment;
  const gap = Math.max(0, params['powers.RU.targetAlignment'] - (a[RU] ?? 0));
  const friction = Math.max(0, view.compliance - params['sanctions.compliance0']);
  const shock = rng() < params['powers.RU.rhetoricShockRate'] ? params['powers.RU.rhetoricShockSize'] : 0;
  if (shock > 0) notes.push({ actor: 'RU', kind: 'rhetoricShock', detail: `hostile statements about Kazakhstan (information lever -${shock})` });

  levers[leverIndex(RU, CH_TRADE)] = params['powers.RU.trade0'] - params['powers.RU.reaction.trade'] * gap - params['powers.RU.complianceFriction'] * friction;
  levers[leverIndex(RU, CH_SECURITY)] = params['powers.RU.security0'] - params['powers.RU.reaction.security'] * gap;
  levers[leverIndex(RU, CH_INFORMATION)] = -(params['powers.RU.reaction.information'] * gap + shock);
  bound(levers, events);

  const ruPressure = Math.max(0, -levers[leverIndex(RU, CH_SECURITY)]!) + Math.max(0, -levers[leverIndex(RU, CH_INFORMATION)]!);
  const invResp = params['powers.investmentResponse'];
  const c = view.compliance - params['sanctions.compliance0'];
  levers[leverIndex(CN, CH_SECURITY)] = params['powers.CN.assuranceResponse'] * ruPressure;
  levers[leverIndex(CN, CH_INVESTMENT)] = params['powers.CN.investment0'] + invResp * ((a[CN] ?? 0) - params['kz.alignment0.CN']);
  const greyExcess = Math.max(0, view.greyTradeIndex - 1);
  levers[leverIndex(EU, CH_ENFORCEMENT)] = params['sanctions.enforcement0.EU'] + params['sanctions.enforcementResponse'] * greyExcess;
  levers[leverIndex(US, CH_ENFORCEMENT)] = params['sanctions.enforcement0.US'] + params['sanctions.enforcementResponse'] * greyExcess;
  levers[leverIndex(EU, CH_INVESTMENT)] = params['powers.EU.investment0'] + invResp * ((a[EU] ?? 0) - params['kz.alignment0.EU'] + c);
  levers[leverIndex(US, CH_INVESTMENT)] = params['powers.US.investment0'] + invResp * ((a[US] ?? 0) - params['kz.alignment0.US'] + c);
  bound(levers, events);
}

/** Applies event floors and ceilings, then the lever range [-1, 1] (enforcement [0, 1]). */
function bound(levers: Float64Array, events: Interventions): void {
  for (let k = 0; k < levers.length; k++) {
    const lo = k % CHANNELS.length === CH_ENFORCEMENT ? 0 : -1;
    levers[k] = clamp(Math.min(Math.max(levers[k]!, events.leverFloor[k]!), events.leverCeiling[k]!), lo, 1);
  }
}
