import type { Doctrine } from '../model/doctrine.js';
import { nextGdp, investmentFlow, tradeCoercionLoss, trend } from '../model/economy.js';
import {
  createFirms, settleGrey, stepFirms, T_GREY, T_NEWLY_DESIGNATED, T_OIL, T_OTHER, T_PARTNER, TOTALS_LENGTH, type FirmStepContext, type Firms,
} from '../model/firms.js';
import { CH_TRANSIT, CHANNELS, POWERS, ROUTES, RU, leverIndex } from '../model/ids.js';
import { INDICATOR_NAMES, INDICATORS, readIndicators, type Observed } from '../model/indicators.js';
import { noInterventions, resetInterventions, type Interventions } from '../model/interventions.js';
import { ACTIONS, decide, type Action, type KzState } from '../model/kazakhstan.js';
import type { LogEntry } from '../model/log.js';
import type { Params } from '../model/params.js';
import { reactPowers, type PowerNote } from '../model/powers.js';
import { advanceConstruction, capacityIndex, createRoutes, routeChoice, updateTransitRisk, type RouteState } from '../model/routes.js';
import { combinedEnforcement, detectionRisk, greyMargin, sanctionsExposure } from '../model/sanctions.js';
import { nextArmsShareRU, securityExposure } from '../model/security.js';
import { nextStability } from '../model/stability.js';
import { runMonths } from '../model/calendar.js';
import { createStreams, inertStream, type Prng, type RngStreams } from '../model/rng.js';
import { createEventProgram, type EventProgram } from '../scenario/events.js';
import type { ScenarioEvent } from '../scenario/schema.js';
import type { Issue, Outcome } from '../input/issues.js';
import { breachIssue, checkRow, type InvariantBreach } from './invariants.js';

/** Everything a run is made from: plain data (JSON-safe), all of it from the resolved scenario and calibration. */
export interface WorldSpec {
  readonly params: Params;
  readonly doctrine: Doctrine;
  readonly start: string;
  readonly horizon: number;
  readonly firms: number;
  readonly seed: number;
  /** The scenario's timeline. */
  readonly events: readonly ScenarioEvent[];
  /**
   * Powers whose levers are held at their start values all run (bit p for POWERS[p]):
   * they neither react nor answer the scenario's events. For counterfactual runs; 0 or
   * absent for a real run.
   */
  readonly heldPowers?: number;
}

/** Quantities fixed by the start state that later months are measured against. */
export interface StartMeasures {
  readonly revenue0: number;
  readonly grey0: number;
  readonly greyShare0: number;
  readonly investment0: number;
}

/** The world's scalar state. */
export interface Scalars {
  /** The last step recorded (0 = the start state). */
  step: number;
  gdp: number;
  stability: number;
  armsShareRU: number;
  designated: number;
  greyTradeIndex: number;
  security: number;
  enforcement: number;
}

/**
 * All of a run's state, as data: the firm arrays, Kazakhstan, the routes, the levers,
 * the scalars, the event program, the random streams, and the record so far. `step`
 * advances a world in place (the typed arrays are the hot loop's and are not copied);
 * `snapshot` turns it into a JSON-safe value and `restore` back.
 */
export interface WorldParts {
  readonly spec: WorldSpec;
  readonly rng: RngStreams;
  readonly events: EventProgram;
  readonly firms: Firms;
  readonly kz: KzState;
  /** This month's levers, power-major (POWERS x CHANNELS). */
  readonly levers: Float64Array;
  /** The levers at the start, for held powers. */
  readonly startLevers: Float64Array;
  readonly routes: RouteState;
  readonly base: StartMeasures;
  readonly scalars: Scalars;
  /** (horizon + 1) x INDICATORS.length, row-major; rows after `scalars.step` are not yet written. */
  readonly rows: Float64Array;
  readonly log: LogEntry[];
}

/** A run's state with what follows from it: the month labels and the scratch space of one step. */
export interface World extends WorldParts {
  readonly months: readonly string[];
  /** Scratch for one step (not state: every step writes it before reading it). */
  readonly scratch: Scratch;
}

interface Scratch {
  readonly interventions: Interventions;
  readonly totals: Float64Array;
  readonly usable: Float64Array;
  readonly notes: PowerNote[];
  /** The last recorded row by name, plus `month`: what scenario conditions see. */
  readonly conditionState: Map<string, number>;
}

/** What a step did. */
export type StepOutcome =
  | { readonly ok: true; readonly step: number; readonly month: string; readonly action: Action; readonly done: boolean }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Options for one step. */
export interface StepOptions {
  /**
   * Kazakhstan's action this month, instead of the model's own choice (for a user
   * playing Kazakhstan). The model's draw is still made, so later draws are unchanged;
   * the log records the supplied action with the model's choice and its probability.
   */
  readonly action?: Action;
}

/** Assembles a world from its parts; the condition state is rebuilt from the last recorded row. */
export function assembleWorld(parts: WorldParts): World {
  const scratch: Scratch = {
    interventions: noInterventions(),
    totals: new Float64Array(TOTALS_LENGTH),
    usable: Float64Array.from(parts.routes.built),
    notes: [],
    conditionState: new Map(),
  };
  const world: World = { ...parts, months: runMonths(parts.spec.start, parts.spec.horizon), scratch };
  const cols = INDICATORS.length;
  const k = parts.scalars.step;
  setConditionState(world, parts.rows.subarray(k * cols, (k + 1) * cols), k);
  return world;
}

const never: Prng = () => 1;

/**
 * The start state of a run: the firms drawn, the powers' standing levers, grey trade
 * in equilibrium with start enforcement, the routes sized to start demand, and row 0
 * recorded. Fails only if the start state itself breaks an invariant.
 *
 * @example
 * ```ts
 * import { init, observe, prepare, shippedScenario, worldSpecOf } from 'mvsim/engine';
 * const s = shippedScenario('baseline-2022.yaml');
 * if (!s.ok) throw new Error('bad scenario');
 * const started = init(worldSpecOf({ ...(await prepare(s.scenario)), seed: 1 }));
 * const start = started.ok ? observe(started.world) : undefined;
 * console.log(start?.month, start?.values['trade.oilViaRussiaShare']!.toFixed(2));
 * // prints: 2022-03 0.80
 * ```
 */
export function init(spec: WorldSpec): Outcome<{ world: World }> {
  const P = spec.params;
  const rng = createStreams(spec.seed);
  const firms = createFirms(spec.firms, P, rng['firms.init']);
  const kz: KzState = {
    alignment: Float64Array.from(POWERS, (p) => P[`kz.alignment0.${p}`]),
    compliance: P['sanctions.compliance0'],
    diversification: P['kz.diversification0'],
    diplomacy: P['kz.diplomacy0'],
  };
  const levers = new Float64Array(POWERS.length * CHANNELS.length);
  reactPowers(P, { alignment: kz.alignment, compliance: kz.compliance, greyTradeIndex: 1 }, noInterventions(), never, levers, []);
  const startLevers = Float64Array.from(levers);

  // Start state: grey trade in equilibrium with start enforcement; one measuring pass (no switching, no designation).
  const enforcement = combinedEnforcement(levers);
  settleGrey(firms, detectionRisk(P, enforcement, kz.compliance) / greyMargin(P, 0));
  const totals = new Float64Array(TOTALS_LENGTH);
  const measure: FirmStepContext = { riskOverMargin: 0, greyAdjustment: 0, hazard: 0, switchProb: 0, oilCum0: 1, oilCum1: 1, westCum0: 1, designatedKeep: 1 };
  const inert = inertStream();
  stepFirms(firms, measure, inert, inert, totals);
  const demand0 = ROUTES.map((_, r) => totals[T_OIL + r]! + totals[T_OTHER + r]!);
  const routes = createRoutes(P, demand0);
  const revenue0 = demand0.reduce((a, b) => a + b, 0);
  const grey0 = totals[T_GREY]!;

  const world = assembleWorld({
    spec,
    rng,
    events: createEventProgram(spec),
    firms,
    kz,
    levers,
    startLevers,
    routes,
    base: { revenue0, grey0, greyShare0: grey0 / revenue0, investment0: investmentFlow(levers) },
    scalars: { step: 0, gdp: 1, stability: P['stability.initial'], armsShareRU: P['security.armsImportShare0.RU'], designated: 0, greyTradeIndex: 1, security: 0, enforcement },
    rows: new Float64Array((spec.horizon + 1) * INDICATORS.length),
    log: [],
  });
  world.scratch.totals.set(totals);
  const o = outcomes(world);
  world.scalars.security = securityExposure(P, levers, kz.alignment, kz.diplomacy, world.scalars.armsShareRU);
  const breach = record(world, 0, o);
  return breach ? { ok: false, issues: [breachIssue(breach)] } : { ok: true, world };
}

/** True when every month of the horizon has been stepped. */
export const isDone = (world: World): boolean => world.scalars.step >= world.spec.horizon;

/**
 * Advances the world by one month, in the fixed schedule
 * events → powers → firms → enforcement → economy → security → Kazakhstan's decision → record.
 * Stepping a finished world is a programming error and throws.
 *
 * @example Take Kazakhstan's decision yourself for a month
 * ```ts
 * import { init, prepare, shippedScenario, step, worldSpecOf } from 'mvsim/engine';
 * const s = shippedScenario('russian-coercion-north.yaml');
 * if (!s.ok) throw new Error('bad scenario');
 * const started = init(worldSpecOf({ ...(await prepare(s.scenario)), seed: 2, firms: 500 }));
 * if (!started.ok) throw new Error('bad start');
 * const mine = step(started.world, { action: 'mediate' });
 * const entry = started.world.log.find((e) => e.kind === 'decision')!;
 * console.log(mine.ok && mine.action, entry.why.startsWith('supplied by the user; the model would have chosen'));
 * // prints: mediate true
 * ```
 */
export function step(world: World, options: StepOptions = {}): StepOutcome {
  if (isDone(world)) throw new RangeError(`The run is finished: it has stepped all ${world.spec.horizon} months of its horizon`);
  // An action from outside (a student's choice) is checked before anything changes: a wrong one is an issue, not a thrown error.
  if (options.action !== undefined && !ACTIONS.includes(options.action)) {
    return { ok: false, issues: [{ code: 'INVALID_OPTION', severity: 'error', path: ['action'], message: `Unknown action "${String(options.action)}": expected one of ${ACTIONS.join(', ')}` }] };
  }
  const { spec, rng, firms, kz, levers, routes, scalars: S, base, log } = world;
  const { interventions: iv, totals, usable, notes } = world.scratch;
  const P = spec.params;
  const held = spec.heldPowers ?? 0;
  const step = S.step + 1;
  const month = world.months[step]!;
  // events
  resetInterventions(iv);
  world.events.apply(step, month, world.scratch.conditionState, iv, log);
  // powers
  notes.length = 0;
  reactPowers(P, { alignment: kz.alignment, compliance: kz.compliance, greyTradeIndex: S.greyTradeIndex }, iv, rng.powers, levers, notes);
  if (held !== 0) holdLevers(levers, world.startLevers, held);
  for (const n of notes) if ((held & (1 << POWERS.indexOf(n.actor))) === 0) log.push({ step, month, actor: n.actor, kind: n.kind, detail: n.detail, why: 'seeded draw at the documented base rate' });
  // firms (routes first: what capacity is usable this month)
  advanceConstruction(routes, P, kz.diversification, step);
  ROUTES.forEach((_, r) => (usable[r] = routes.built[r]! * iv.capacityFactor[r]!));
  updateTransitRisk(routes, P, iv.capacityFactor[0]!, levers[leverIndex(RU, CH_TRANSIT)]!);
  const choice = routeChoice(routes, P, usable);
  S.enforcement = combinedEnforcement(levers);
  const ctx: FirmStepContext = {
    riskOverMargin: detectionRisk(P, S.enforcement, kz.compliance) / greyMargin(P, iv.greyPremium),
    greyAdjustment: P['firms.greyAdjustment'],
    hazard: P['firms.designationHazard'] * S.enforcement,
    switchProb: Math.min(1, P['routes.switchRate.base'] + P['routes.switchRate.risk'] * routes.transitRisk),
    ...choice,
    designatedKeep: 1 - P['firms.designatedTradeLoss'],
  };
  stepFirms(firms, ctx, rng['firms.step'], rng.enforcement, totals);
  // enforcement
  const newly = totals[T_NEWLY_DESIGNATED]!;
  S.designated += newly;
  S.greyTradeIndex = base.grey0 > 0 ? totals[T_GREY]! / base.grey0 : 0;
  if (newly > 0) log.push({ step, month, actor: 'US/EU', kind: 'designations', detail: `${newly} firms designated for grey re-export`, why: `enforcement ${S.enforcement.toFixed(3)}, compliance ${kz.compliance.toFixed(3)}`, data: { firms: newly } });
  // economy
  const o = outcomes(world);
  S.gdp = nextGdp(P, S.gdp, {
    step,
    exportRevenueIndex: o.revenueIndex,
    investmentIndex: o.investmentIndex,
    greyGain: base.greyShare0 * (S.greyTradeIndex - 1),
    tradeLoss: tradeCoercionLoss(levers, o.tradeShare),
  });
  // security
  S.armsShareRU = nextArmsShareRU(P, S.armsShareRU, kz.alignment[RU]!);
  S.security = securityExposure(P, levers, kz.alignment, kz.diplomacy, S.armsShareRU);
  S.stability = nextStability(P, S.stability, S.gdp / trend(P, step) - 1, S.security, kz.alignment, iv.migrants);
  // Kazakhstan's decision (takes effect from next month)
  const d = decide(P, spec.doctrine, kz, {
    levers, enforcement: S.enforcement, greyTradeIndex: S.greyTradeIndex, designatedShare: S.designated / firms.n, transitRisk: routes.transitRisk,
    oilViaRussiaShare: o.oilViaRussia, armsShareRU: S.armsShareRU,
  }, rng.kz, options.action);
  kz.alignment.set(d.next.alignment);
  kz.compliance = d.next.compliance;
  kz.diversification = d.next.diversification;
  kz.diplomacy = d.next.diplomacy;
  const why = explainDecision(d.versusHold, d.probability);
  log.push(
    d.modelChoice
      ? { step, month, actor: 'KZ', kind: 'decision', detail: d.action, why: `supplied by the user; the model would have chosen ${d.modelChoice.action} (probability ${d.modelChoice.probability.toFixed(3)}); ${why}`, data: { probability: d.probability, modelProbability: d.modelChoice.probability, ...d.versusHold } }
      : { step, month, actor: 'KZ', kind: 'decision', detail: d.action, why, data: { probability: d.probability, ...d.versusHold } },
  );
  // record
  const breach = record(world, step, o);
  return breach ? { ok: false, issues: [breachIssue(breach)] } : { ok: true, step, month, action: d.action, done: isDone(world) };
}

/**
 * The world's indicators at its last recorded step, by name, in the reporter table's order.
 *
 * @example
 * ```ts
 * import { INDICATOR_NAMES, init, observe, prepare, shippedScenario, step, worldSpecOf } from 'mvsim/engine';
 * const s = shippedScenario('baseline-2022.yaml');
 * if (!s.ok) throw new Error('bad scenario');
 * const started = init(worldSpecOf({ ...(await prepare(s.scenario)), seed: 1, firms: 500 }));
 * if (!started.ok) throw new Error('bad start');
 * step(started.world);
 * const o = observe(started.world);
 * console.log(o.step, o.month, Object.keys(o.values).length === INDICATOR_NAMES.length);
 * // prints: 1 2022-04 true
 * ```
 */
export function observe(world: World): { readonly step: number; readonly month: string; readonly values: Readonly<Record<string, number>> } {
  const k = world.scalars.step;
  const row = recordedRow(world, k);
  return { step: k, month: world.months[k]!, values: Object.fromEntries(INDICATOR_NAMES.map((n, i) => [n, row[i]!])) };
}

/** The record row of step `k` (a view, not a copy). */
export function recordedRow(world: World, k: number): Float64Array {
  const cols = INDICATORS.length;
  return world.rows.subarray(k * cols, (k + 1) * cols);
}

/** This month's outcomes of the firm step: what was shipped where, shares, revenue and exposures. */
interface Outcomes {
  readonly routeShare: number[];
  readonly tradeShare: number[];
  readonly exposure: number[];
  readonly oilViaRussia: number;
  readonly revenueIndex: number;
  readonly investmentIndex: number;
  readonly sanctionsExposure: number;
}

/** Computes this month's outcomes from the firm totals (and sets each route's overload, which next month's route choice reads). */
function outcomes(world: World): Outcomes {
  const { routes, levers, kz, base, scalars: S, spec } = world;
  const { totals, usable, interventions: iv } = world.scratch;
  const P = spec.params;
  const shipped = ROUTES.map((_, r) => {
    const demand = totals[T_OIL + r]! + totals[T_OTHER + r]!;
    routes.overload[r] = demand > 0 ? Math.min(10, Math.max(0, demand / Math.max(usable[r]!, 1e-12) - 1)) : 0;
    return demand > 0 ? Math.min(1, usable[r]! / demand) : 1;
  });
  const oilShipped = ROUTES.map((_, r) => shipped[r]! * totals[T_OIL + r]!);
  const volShipped = ROUTES.map((_, r) => shipped[r]! * (totals[T_OIL + r]! + totals[T_OTHER + r]!));
  const oilTotal = oilShipped.reduce((a, b) => a + b, 0);
  const volTotal = volShipped.reduce((a, b) => a + b, 0);
  const routeShare = volShipped.map((v) => (volTotal > 0 ? v / volTotal : 0));
  let partnerTotal = 0;
  for (let k = 0; k < 5; k++) partnerTotal += totals[T_PARTNER + k]!;
  const tradeShare = POWERS.map((_, p) => (partnerTotal > 0 ? totals[T_PARTNER + p]! / partnerTotal : 0));
  const tau = P['trade.transitWeight'];
  const transit = [routeShare[0]!, routeShare[1]!, 0, 0];
  const revenue = ROUTES.reduce((s, _, r) => s + shipped[r]! * (totals[T_OIL + r]! * iv.oilPrice + totals[T_OTHER + r]!), 0);
  return {
    routeShare,
    tradeShare,
    exposure: tradeShare.map((s, p) => (1 - tau) * s + tau * transit[p]!),
    oilViaRussia: oilTotal > 0 ? oilShipped[0]! / oilTotal : 0,
    revenueIndex: revenue / base.revenue0,
    investmentIndex: base.investment0 > 0 ? investmentFlow(levers) / base.investment0 : 1,
    sanctionsExposure: sanctionsExposure(P, S.enforcement, S.greyTradeIndex, kz.compliance, S.designated / world.firms.n),
  };
}

/** Records step `k` through the reporter table and checks its invariants. */
function record(world: World, k: number, o: Outcomes): InvariantBreach | undefined {
  const { kz, scalars: S, routes, levers } = world;
  const observed: Observed = {
    alignment: kz.alignment,
    compliance: kz.compliance,
    diversification: kz.diversification,
    diplomacy: kz.diplomacy,
    exposure: o.exposure,
    tradeShare: o.tradeShare,
    oilViaRussia: o.oilViaRussia,
    routeShare: o.routeShare,
    revenueIndex: o.revenueIndex,
    gdp: S.gdp,
    investmentIndex: o.investmentIndex,
    security: S.security,
    armsShareRU: S.armsShareRU,
    sanctionsExposure: o.sanctionsExposure,
    greyTradeIndex: S.greyTradeIndex,
    designated: S.designated,
    enforcement: S.enforcement,
    stability: S.stability,
    capacityIndex: ROUTES.map((_, r) => capacityIndex(routes, world.scratch.usable, r)),
    levers,
  };
  const row = recordedRow(world, k);
  readIndicators(observed, row);
  S.step = k;
  setConditionState(world, row, k);
  return checkRow(row, k, world.months[k]!);
}

function setConditionState(world: World, row: Float64Array, k: number): void {
  const state = world.scratch.conditionState;
  INDICATOR_NAMES.forEach((n, i) => state.set(n, row[i]!));
  state.set('month', k);
}

/** Puts the held powers' levers back to their start values (the powers' draw was still taken, so streams stay aligned). */
function holdLevers(levers: Float64Array, start: Float64Array, held: number): void {
  for (let p = 0; p < POWERS.length; p++) {
    if ((held & (1 << p)) === 0) continue;
    for (let c = 0; c < CHANNELS.length; c++) levers[leverIndex(p, c)] = start[leverIndex(p, c)]!;
  }
}

/** The two largest weighted reasons for a decision, against holding course. */
function explainDecision(versusHold: Readonly<Record<string, number>>, probability: number): string {
  const parts = Object.entries(versusHold)
    .filter(([, v]) => Math.abs(v) > 1e-12)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, 2)
    .map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(4)}`);
  return `chosen with probability ${probability.toFixed(3)}${parts.length ? `; against holding course: ${parts.join(', ')}` : ''}`;
}
