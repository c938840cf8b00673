import type { Prng } from './rng.js';
import type { Doctrine } from './doctrine.js';
import { CH_ENFORCEMENT, CH_INFORMATION, CH_INVESTMENT, CH_SECURITY, CH_TRADE, CHANNELS, POWERS, RU, leverIndex } from './ids.js';
import { clamp01, distanceFromEven, herfindahl } from './math.js';
import type { Params } from './params.js';
import { sanctionsExposure } from './sanctions.js';
import { securityExposure } from './security.js';

/** The concrete monthly actions open to Kazakhstan. */
export const ACTIONS = [
  'hold',
  'engageRussia',
  'engageChina',
  'engageEU',
  'engageUS',
  'tightenCompliance',
  'relaxCompliance',
  'investRoutes',
  'mediate',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The utility components, in the order weights are applied. */
export const COMPONENTS = ['economy', 'security', 'sovereignty', 'sanctionsSafety', 'stability', 'concentration', 'affinity'] as const;
export type Component = (typeof COMPONENTS)[number];

/** Kazakhstan's own state. */
export interface KzState {
  readonly alignment: Float64Array;
  compliance: number;
  diversification: number;
  diplomacy: number;
}

/** What Kazakhstan sees when it decides (this month's outcomes). */
export interface KzView {
  readonly levers: Float64Array;
  readonly enforcement: number;
  readonly greyTradeIndex: number;
  readonly designatedShare: number;
  readonly transitRisk: number;
  readonly oilViaRussiaShare: number;
  readonly armsShareRU: number;
}

export interface Decision {
  /** The action taken: the model's own draw, or the one supplied from outside. */
  readonly action: Action;
  /** The probability the model's logit choice gives the action taken. */
  readonly probability: number;
  /** Weighted component differences between the action taken and holding. */
  readonly versusHold: Readonly<Record<Component, number>>;
  /** The state after the action (and the monthly decay of effort). */
  readonly next: KzState;
  /** When the action was supplied from outside: what the model drew itself, and that draw's probability. */
  readonly modelChoice?: { readonly action: Action; readonly probability: number };
}

/** The state an action leads to, after this month's decay of diversification and diplomacy. */
export function applyAction(params: Params, s: KzState, action: Action): KzState {
  const alignment = Float64Array.from(s.alignment);
  const target = ['engageRussia', 'engageChina', 'engageEU', 'engageUS'].indexOf(action);
  if (target >= 0) {
    const d = params['kz.step.alignment'];
    for (let p = 0; p < alignment.length; p++) alignment[p] = (1 - d) * alignment[p]! + (p === target ? d : 0);
  }
  const dc = params['kz.step.compliance'];
  const compliance = clamp01(s.compliance + (action === 'tightenCompliance' ? dc : action === 'relaxCompliance' ? -dc : 0));
  const diversification = clamp01(s.diversification * (1 - params['kz.decay.diversification']) + (action === 'investRoutes' ? params['kz.step.diversification'] : 0));
  const diplomacy = clamp01(s.diplomacy * (1 - params['kz.decay.diplomacy']) + (action === 'mediate' ? params['kz.step.diplomacy'] : 0));
  return { alignment, compliance, diversification, diplomacy };
}

/**
 * Kazakhstan's bounded-rational forecast of each utility component after a
 * candidate state. It uses the model's own exposure functions with this month's
 * levers, but anticipates only one reaction: Russia's security and information
 * pressure grows as alignment with Russia falls. Higher is better for every
 * component except concentration, which is a penalty.
 */
export function components(params: Params, now: KzState, next: KzState, action: Action, view: KzView): Record<Component, number> {
  const a = next.alignment;
  let inducement = 0;
  let coercedAlignment = 0;
  for (let p = 0; p < POWERS.length; p++) {
    const lv = (c: number): number => view.levers[leverIndex(p, c)] ?? 0;
    inducement += (a[p] ?? 0) * (0.5 * lv(CH_TRADE) + lv(CH_INVESTMENT));
    let coercion = 0;
    for (let c = 0; c < CHANNELS.length; c++) if (c !== CH_ENFORCEMENT) coercion += Math.max(0, -lv(c));
    coercedAlignment += (a[p] ?? 0) * coercion;
  }
  const shield = params['sanctions.complianceShield'];
  const greyNext = (view.greyTradeIndex * (1 - shield * next.compliance)) / (1 - shield * now.compliance);
  const cost = action === 'investRoutes' ? params['kz.actionCost.investRoutes'] : action === 'mediate' ? params['kz.actionCost.mediate'] : 0;
  const economy =
    inducement + params['economy.greyRevenueWeight'] * greyNext - view.transitRisk * view.oilViaRussiaShare * (1 - next.diversification) - cost;

  const anticipated = Float64Array.from(view.levers);
  const drift = params['kz.anticipatedReaction'] * ((now.alignment[RU] ?? 0) - (a[RU] ?? 0));
  anticipated[leverIndex(RU, CH_SECURITY)] = anticipated[leverIndex(RU, CH_SECURITY)]! - drift;
  anticipated[leverIndex(RU, CH_INFORMATION)] = anticipated[leverIndex(RU, CH_INFORMATION)]! - drift;
  const security = -securityExposure(params, anticipated, a, next.diplomacy, view.armsShareRU);
  const sanctionsSafety = -sanctionsExposure(params, view.enforcement, greyNext, next.compliance, view.designatedShare);
  return {
    economy,
    security,
    sovereignty: -coercedAlignment,
    sanctionsSafety,
    stability: -params['kz.neutralityPreference'] * distanceFromEven(a),
    concentration: -herfindahl(a),
    affinity: 0,
  };
}

/** Weighted utility of each component under a doctrine; affinity is added from the posture. */
function weighted(doctrine: Doctrine, c: Record<Component, number>, alignment: ArrayLike<number>): Record<Component, number> {
  let affinity = 0;
  POWERS.forEach((p, i) => (affinity += doctrine.affinity[p] * (alignment[i] ?? 0)));
  return {
    economy: doctrine.economy * c.economy,
    security: doctrine.security * c.security,
    sovereignty: doctrine.sovereignty * c.sovereignty,
    sanctionsSafety: doctrine.sanctionsSafety * c.sanctionsSafety,
    stability: doctrine.stability * c.stability,
    concentration: doctrine.concentration * c.concentration,
    affinity,
  };
}

const total = (w: Record<Component, number>): number => COMPONENTS.reduce((s, k) => s + w[k], 0);

/**
 * One monthly decision: logit choice over the actions' expected utilities, one draw
 * from Kazakhstan's stream. When `supplied` is given (a user playing Kazakhstan), that
 * action is taken instead, but the draw is still made, so every later draw is the one
 * the model's own run would make, and the model's own choice is reported beside it.
 */
export function decide(params: Params, doctrine: Doctrine, now: KzState, view: KzView, rng: Prng, supplied?: Action): Decision {
  const candidates = ACTIONS.map((action) => {
    const next = applyAction(params, now, action);
    const w = weighted(doctrine, components(params, now, next, action, view), next.alignment);
    return { action, next, w, u: total(w) };
  });
  const temperature = params['kz.choiceTemperature'];
  const best = Math.max(...candidates.map((c) => c.u));
  const weights = candidates.map((c) => Math.exp((c.u - best) / temperature));
  const sum = weights.reduce((a, b) => a + b, 0);
  const u = rng() * sum;
  let k = 0;
  for (let acc = weights[0]!; k < weights.length - 1 && u >= acc; acc += weights[++k]!);
  const taken = supplied === undefined ? k : ACTIONS.indexOf(supplied);
  if (taken < 0) throw new RangeError(`Unknown action "${String(supplied)}": expected one of ${ACTIONS.join(', ')}`);
  const chosen = candidates[taken]!;
  const hold = candidates[0]!;
  const versusHold = Object.fromEntries(COMPONENTS.map((c) => [c, chosen.w[c] - hold.w[c]])) as Record<Component, number>;
  const decision = { action: chosen.action, probability: weights[taken]! / sum, versusHold, next: chosen.next };
  return supplied === undefined ? decision : { ...decision, modelChoice: { action: candidates[k]!.action, probability: weights[k]! / sum } };
}
