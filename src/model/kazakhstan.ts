import type { Prng } from './rng.js';
import type { Doctrine } from './doctrine.js';
import { CHANNELS, CH_ENFORCEMENT, PARTNERS, POWERS, leverIndex } from './ids.js';
import { clamp01, distanceFromEven, herfindahl } from './math.js';
import type { Params } from './params.js';
import type { Interventions } from './interventions.js';
import { investmentBySource, nonOilTarget, type EconomyBase } from './economy.js';
import { holdLevers, reactPowers } from './powers.js';
import { combinedEnforcement, detectionRisk, effectiveCompliance, greyMargin, sanctionsExposure } from './sanctions.js';
import { securityExposure } from './security.js';
import { tradeWedges } from './trade.js';
import { exp, pow } from './portableMath.js';

/**
 * The concrete monthly actions open to Kazakhstan. `tightenCompliance` is its own
 * export controls and goods tracking taken as an action: detection sees compliance as it
 * sees the goods tracking of an `exportControl` event.
 */
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

/**
 * What Kazakhstan knows when it decides: this month's outcomes, in the model's own
 * terms. It forecasts each action with the model's own equations (see `forecast`).
 */
export interface KzView {
  readonly levers: Float64Array;
  readonly startLevers: Float64Array;
  readonly interventions: Interventions;
  readonly enforcement0: number;
  /** Legitimate non-oil exports and imports by partner, USD bn a year. */
  readonly exports: ArrayLike<number>;
  readonly imports: ArrayLike<number>;
  /** Oil exports by partner, USD bn a year. */
  readonly oilExports: ArrayLike<number>;
  /** Grey re-exports now and their potential, USD bn a year. */
  readonly grey: number;
  readonly greyPotential: number;
  /** The most grey re-exports firms could run this month (potential left after designations and bans). */
  readonly greyCap: number;
  readonly recentDesignations: number;
  readonly transitRisk: number;
  readonly oilRevenue: number;
  readonly oilViaRussiaShare: number;
  readonly armsShareRU: number;
  readonly economyBase: EconomyBase;
  readonly step: number;
  /** Powers whose levers are held at their start values (counterfactual runs): the forecast holds them too. */
  readonly heldPowers: number;
}

export interface Decision {
  /** The action taken: the model's own draw, or the one supplied from outside. */
  readonly action: Action;
  /** The probability the model's logit choice gives the action taken. */
  readonly probability: number;
  /** Weighted, normalised component differences between the action taken and holding. */
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

/** Public spending an action commits this month, USD bn a year (the monthly cost annualised). */
export const programmeCost = (params: Params, action: Action): number =>
  12 * (action === 'investRoutes' ? params['kz.actionCost.investRoutes'] : action === 'mediate' ? params['kz.actionCost.mediate'] : 0);

/**
 * Kazakhstan's forecast of each utility component after a candidate state, in natural
 * units, with the model's own equations: the powers' reaction rules answer the
 * candidate posture and compliance (without their random outbursts); trade responds to
 * the new wedges along its value elasticity (partners are not re-chosen within a
 * month); grey re-exports respond to the new detection risk; investment, trade costs,
 * grey margins and programme spending feed the economy's own non-oil target. The one
 * deliberate simplification: diversification is valued by the oil revenue it would
 * protect from the perceived transit risk, since its capacity arrives only after the
 * construction lag, beyond a one-month forecast. Higher is better for every component.
 */
export function forecast(params: Params, doctrine: Doctrine, now: KzState, next: KzState, action: Action, view: KzView): Record<Component, number> {
  const levers = new Float64Array(view.levers.length);
  const greyRealised = view.greyPotential > 0 ? view.grey / view.greyPotential : 0;
  const track = view.interventions.tracking;
  const cNow = effectiveCompliance(now.compliance, track);
  const cNext = effectiveCompliance(next.compliance, track);
  reactPowers(params, { alignment: next.alignment, compliance: cNext, greyRealised }, view.interventions, undefined, levers, []);
  if (view.heldPowers !== 0) holdLevers(levers, view.startLevers, view.heldPowers);
  const enforcement = combinedEnforcement(levers);
  const wedgesNow = new Float64Array(PARTNERS.length);
  const wedgesNext = new Float64Array(PARTNERS.length);
  tradeWedges(params, { levers: view.levers, startLevers: view.startLevers, enforcement: combinedEnforcement(view.levers), enforcement0: view.enforcement0 }, wedgesNow);
  tradeWedges(params, { levers, startLevers: view.startLevers, enforcement, enforcement0: view.enforcement0 }, wedgesNext);
  const eps = params['trade.volumeElasticity'];
  let nonOilExports = 0;
  let tradeCosts = 0;
  const turnover = new Float64Array(PARTNERS.length);
  for (let j = 0; j < PARTNERS.length; j++) {
    const f = pow((1 + wedgesNext[j]!) / (1 + wedgesNow[j]!), -eps);
    const x = (view.exports[j] ?? 0) * f;
    const m = (view.imports[j] ?? 0) * f;
    nonOilExports += x;
    tradeCosts += wedgesNext[j]! * (x + m);
    turnover[j] = x + m + (view.oilExports[j] ?? 0);
  }
  const margin = greyMargin(params, view.interventions.greyPremium);
  const romNow = detectionRisk(params, combinedEnforcement(view.levers), cNow, view.recentDesignations) / margin;
  const romNext = detectionRisk(params, enforcement, cNext, view.recentDesignations) / margin;
  // Grey trade moves with detection along its own response, and never beyond what firms could run (as in the world).
  const grey = Math.min(view.grey * exp(-(romNext - romNow)), view.greyCap);
  const greyVa = (grey * margin) / (1 + margin);
  const invest = investmentBySource(params, levers, new Float64Array(POWERS.length));
  const atRisk = view.transitRisk * view.oilRevenue * view.oilViaRussiaShare * (1 - next.diversification);
  const economy =
    nonOilTarget(params, view.economyBase, {
      step: view.step,
      // the oil revenue diversification would protect, valued through the same spillover and multiplier as any other change
      oilRevenue: view.oilRevenue - atRisk,
      nonOilExports,
      greyValueAdded: greyVa,
      investment: invest,
      tradeCosts,
      programmeCost: programmeCost(params, action),
    });

  let coercedAlignment = 0;
  for (let p = 0; p < POWERS.length; p++) {
    let coercion = 0;
    for (let c = 0; c < CHANNELS.length; c++) if (c !== CH_ENFORCEMENT) coercion += Math.max(0, -(levers[leverIndex(p, c)] ?? 0));
    coercedAlignment += (next.alignment[p] ?? 0) * coercion;
  }
  let total = 0;
  for (let j = 0; j < PARTNERS.length; j++) total += turnover[j]!;
  for (let j = 0; j < PARTNERS.length; j++) turnover[j] = total > 0 ? turnover[j]! / total : 0;
  let affinity = 0;
  const step = params['kz.step.alignment'];
  POWERS.forEach((p, i) => (affinity += (doctrine.affinity[p] * ((next.alignment[i] ?? 0) - (now.alignment[i] ?? 0))) / (step > 0 ? step : 1)));
  return {
    economy,
    security: -securityExposure(params, levers, next.alignment, next.diplomacy, view.armsShareRU),
    sovereignty: -coercedAlignment,
    sanctionsSafety: -sanctionsExposure(params, enforcement, view.greyPotential > 0 ? grey / view.greyPotential : 0, cNext, view.recentDesignations),
    stability: -params['kz.neutralityPreference'] * distanceFromEven(next.alignment),
    concentration: -herfindahl(turnover),
    affinity,
  };
}

/** Smallest scale a component may have: below it, a component cannot tell actions apart at the start and is measured in its natural units. */
const MIN_SCALE = 1e-9;

/**
 * The scales that make components comparable: for each, how far apart the best and
 * worst actions are at the start state (affinity is already in units of one
 * engagement). A doctrine weight of 1 then means "the start month's full spread of
 * this component counts as one unit of utility", whatever the component's natural
 * unit (USD bn, probability, index). Fixed for the run, so later shocks show as larger
 * spreads.
 */
export function componentScales(params: Params, doctrine: Doctrine, now: KzState, view: KzView): Float64Array {
  const all = ACTIONS.map((a) => forecast(params, doctrine, now, applyAction(params, now, a), a, view));
  return Float64Array.from(COMPONENTS, (c) => {
    if (c === 'affinity') return 1;
    const vs = all.map((v) => v[c]);
    const spread = Math.max(...vs) - Math.min(...vs);
    return spread > MIN_SCALE ? spread : 1;
  });
}

/** A forecast's components in COMPONENTS order (named reads: a loop over names would be a dictionary lookup each). */
export const componentValues = (v: Readonly<Record<Component, number>>): Float64Array =>
  Float64Array.of(v.economy, v.security, v.sovereignty, v.sanctionsSafety, v.stability, v.concentration, v.affinity);

/**
 * One monthly decision: logit choice over the actions' utilities, one draw from
 * Kazakhstan's stream. Utility is the doctrine-weighted sum of each component's
 * difference from holding course, divided by its scale. When `supplied` is given (a
 * user playing Kazakhstan), that action is taken instead, but the draw is still made,
 * so every later draw is the one the model's own run would make, and the model's own
 * choice is reported beside it.
 */
export function decide(params: Params, doctrine: Doctrine, scales: ArrayLike<number>, now: KzState, view: KzView, rng: Prng, supplied?: Action): Decision {
  const raw = ACTIONS.map((action) => {
    const next = applyAction(params, now, action);
    return { action, next, v: forecast(params, doctrine, now, next, action, view) };
  });
  const hold = componentValues(raw[0]!.v);
  const weights0 = COMPONENTS.map((c) => (c === 'affinity' ? 1 : doctrine[c]));
  // weighted, normalised differences from holding course, component by component; summed in component order
  const candidates = raw.map((r) => {
    const v = componentValues(r.v);
    const w = new Float64Array(COMPONENTS.length);
    let u = 0;
    for (let k = 0; k < COMPONENTS.length; k++) {
      w[k] = (weights0[k]! * (v[k]! - hold[k]!)) / (scales[k] ?? 1);
      u += w[k]!;
    }
    // An action whose forecast is not a number is never chosen (holding course always is one: its differences are 0).
    return { action: r.action, next: r.next, w, u: r.action === 'hold' ? 0 : Number.isFinite(u) ? u : Number.NEGATIVE_INFINITY };
  });
  const temperature = params['kz.choiceTemperature'];
  const best = Math.max(...candidates.map((c) => c.u));
  const weights = candidates.map((c) => exp((c.u - best) / temperature));
  const sum = weights.reduce((a, b) => a + b, 0);
  const u = rng() * sum;
  let k = 0;
  for (let acc = weights[0]!; k < weights.length - 1 && u >= acc; acc += weights[++k]!);
  const taken = supplied === undefined ? k : ACTIONS.indexOf(supplied);
  if (taken < 0) throw new RangeError(`Unknown action "${String(supplied)}": expected one of ${ACTIONS.join(', ')}`);
  const chosen = candidates[taken]!;
  const versusHold = Object.fromEntries(COMPONENTS.map((c, k) => [c, chosen.w[k]!])) as Record<Component, number>;
  const decision = { action: chosen.action, probability: weights[taken]! / sum, versusHold, next: chosen.next };
  return supplied === undefined ? decision : { ...decision, modelChoice: { action: candidates[k]!.action, probability: weights[k]! / sum } };
}
