import type { Prng } from './rng.js';
import { CHANNELS, CH_ENFORCEMENT, CH_INFORMATION, CH_INVESTMENT, CH_SECURITY, CH_TRADE, CH_TRANSIT, CN, EU, POWERS, RU, US, leverIndex } from './ids.js';
import type { Interventions } from './interventions.js';
import { clamp } from './math.js';
import type { Params } from './params.js';

/** What the powers observe of Kazakhstan: last month's posture, compliance and grey trade. */
export interface PowersView {
  readonly alignment: ArrayLike<number>;
  readonly compliance: number;
  /** Grey re-exports to Russia as a share of their potential (0 before the war's grey trade starts). */
  readonly greyRealised: number;
}

/** Why a power's lever moved this month, beyond its standing rule (for the event log). */
export interface PowerNote {
  readonly actor: 'RU' | 'CN' | 'EU' | 'US';
  readonly kind: string;
  readonly detail: string;
}

/** The parameter names of Kazakhstan's start alignment, by power (built once: the rules run nine times a month in the forecast). */
const ALIGNMENT0 = POWERS.map((p) => `kz.alignment0.${p}` as const);

/**
 * Each power's reaction rules for one month, written into `levers` (24 values,
 * power-major). Russia presses on trade, transit, security and information in
 * proportion to how far Kazakhstan's alignment has fallen below its target (and on
 * trade as compliance with Western sanctions rises), and makes a seeded rhetorical
 * outburst at a documented base rate; China offers assurance in proportion to Russian
 * pressure; the EU and US raise enforcement as grey trade grows; every power's
 * investment and trade levers answer Kazakhstan's alignment with it (engagement), and
 * Western investment its compliance (an assumption whose central value is zero).
 * Investment levers are relative changes of that power's inflow. Events then bound the
 * levers. Draws exactly one number from the powers' stream; pass `rng` = undefined for
 * the rule without the draw (Kazakhstan's forecast of the powers' answer).
 */
export function reactPowers(params: Params, view: PowersView, events: Interventions, rng: Prng | undefined, levers: Float64Array, notes: PowerNote[]): void {
  levers.fill(0);
  const a = view.alignment;
  const gap = Math.max(0, params['powers.RU.targetAlignment'] - (a[RU] ?? 0));
  const friction = Math.max(0, view.compliance - params['sanctions.compliance0']);
  const shock = rng !== undefined && rng() < params['powers.RU.rhetoricShockRate'] ? params['powers.RU.rhetoricShockSize'] : 0;
  if (shock > 0) notes.push({ actor: 'RU', kind: 'rhetoricShock', detail: `hostile statements about Kazakhstan (information lever -${shock})` });

  levers[leverIndex(RU, CH_TRADE)] = -params['powers.RU.reaction.trade'] * gap - params['powers.RU.complianceFriction'] * friction;
  levers[leverIndex(RU, CH_TRANSIT)] = -params['powers.RU.reaction.transit'] * gap;
  levers[leverIndex(RU, CH_SECURITY)] = params['powers.RU.security0'] - params['powers.RU.reaction.security'] * gap;
  levers[leverIndex(RU, CH_INFORMATION)] = -(params['powers.RU.reaction.information'] * gap + shock);
  bound(levers, events);

  const ruPressure = Math.max(0, -levers[leverIndex(RU, CH_SECURITY)]!) + Math.max(0, -levers[leverIndex(RU, CH_INFORMATION)]!);
  const engage = params['powers.engagementResponse'];
  const c = view.compliance - params['sanctions.compliance0'];
  const lean = (p: number): number => (a[p] ?? 0) - params[ALIGNMENT0[p]!]!;
  levers[leverIndex(CN, CH_SECURITY)] = params['powers.CN.assuranceResponse'] * ruPressure;
  levers[leverIndex(CN, CH_INVESTMENT)] = engage * lean(CN);
  levers[leverIndex(CN, CH_TRADE)] = engage * lean(CN);
  const grey = Math.max(0, view.greyRealised);
  for (const p of [EU, US]) {
    levers[leverIndex(p, CH_ENFORCEMENT)] = params[p === EU ? 'sanctions.enforcement0.EU' : 'sanctions.enforcement0.US'] + params['sanctions.enforcementResponse'] * grey;
    levers[leverIndex(p, CH_INVESTMENT)] = engage * lean(p) + params['powers.complianceInvestment'] * c;
    levers[leverIndex(p, CH_TRADE)] = engage * lean(p);
  }
  bound(levers, events);
}

/** Puts the held powers' levers (bit p for POWERS[p]) back to their start values. */
export function holdLevers(levers: Float64Array, start: ArrayLike<number>, held: number): void {
  for (let p = 0; p < POWERS.length; p++) {
    if ((held & (1 << p)) === 0) continue;
    for (let c = 0; c < CHANNELS.length; c++) levers[leverIndex(p, c)] = start[leverIndex(p, c)] ?? 0;
  }
}

/** Applies event floors and ceilings, then the lever range [-1, 1] (enforcement [0, 1]). */
function bound(levers: Float64Array, events: Interventions): void {
  for (let k = 0; k < levers.length; k++) {
    const lo = k % CHANNELS.length === CH_ENFORCEMENT ? 0 : -1;
    levers[k] = clamp(Math.min(Math.max(levers[k]!, events.leverFloor[k]!), events.leverCeiling[k]!), lo, 1);
  }
}
