import type { Doctrine } from '../model/doctrine.js';
import { economyBase, investmentBySource, nextNonOil, nonOilTarget, oilGva, trendFactor, type EconomyBase } from '../model/economy.js';
import { createFirms, measureFirms, stepFirms, T_EXPORTS, T_GREY, T_IMPORTS, TOTALS_LENGTH, type FirmStepContext, type Firms } from '../model/firms.js';
import { CHANNELS, PARTNERS, POWERS, ROUTES, ROUTE_CHINA, ROUTE_CPC, ROUTE_RUSSIA_OTHER, RU } from '../model/ids.js';
import { INDICATOR_NAMES, INDICATORS, readIndicators, type Observed } from '../model/indicators.js';
import { noInterventions, resetInterventions, type Interventions } from '../model/interventions.js';
import { ACTIONS, componentScales, decide, programmeCost, type Action, type KzState, type KzView } from '../model/kazakhstan.js';
import type { LogEntry } from '../model/log.js';
import type { Params } from '../model/params.js';
import { holdLevers, reactPowers, type PowerNote } from '../model/powers.js';
import {
  advanceConstruction, createOil, desiredAllocation, oilPotential, oilRevenue, shipOil, transitPressure, updateTransitRisk, usableCapacity, type OilState,
} from '../model/oil.js';
import { combinedEnforcement, createCases, detectionRisk, effectiveCompliance, greyMargin, openInvestigations, recentDesignations, sanctionsExposure, stepCases, type CaseState } from '../model/sanctions.js';
import { nextArmsShareRU, securityExposure } from '../model/security.js';
import { nextStability } from '../model/stability.js';
import { oilDestinations, partnerChoice, rateForHalfLife, tradeWedges } from '../model/trade.js';
import { runMonths } from '../model/calendar.js';
import { createStreams, type RngStreams } from '../model/rng.js';
import { createEventProgram, type EventProgram } from '../scenario/events.js';
import type { ScenarioEvent } from '../scenario/schema.js';
import type { Issue, Outcome } from '../input/issues.js';
import { breachIssue, checkRow, type InvariantBreach } from './invariants.js';
import { pow } from '../model/portableMath.js';

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

/** Quantities fixed by the start state that later months are measured against (USD bn a year unless stated). */
export interface StartMeasures extends EconomyBase {
  /** Combined Western enforcement at the start. */
  readonly enforcement0: number;
  /** Grey re-exports firms would run if undeterred. */
  readonly greyPotential: number;
  /** All exports at the start. */
  readonly exports0: number;
  /** Output at the start. */
  readonly gdp0: number;
}

/** The world's scalar state. */
export interface Scalars {
  /** The last step recorded (0 = the start state). */
  step: number;
  /** Non-oil output, USD bn a year. */
  nonOil: number;
  /** Output, USD bn a year. */
  gdp: number;
  stability: number;
  armsShareRU: number;
  /** Kazakh entities designated so far. */
  designations: number;
  /** Expected investigations opened so far. */
  casesOpened: number;
  /** Step of the last public warning (0 = none yet). */
  lastWarning: number;
  /** Share of grey potential left after designations (displacement counted). */
  greyScale: number;
  /** Grey re-exports last month, USD bn a year. */
  grey: number;
  /** Public spending committed by last month's action, USD bn a year (enters this month's demand). */
  programmeCost: number;
  security: number;
  enforcement: number;
}

/**
 * All of a run's state, as data: the firm arrays, Kazakhstan, the oil routes, the
 * investigations, the levers, the scalars, the event program, the random streams,
 * and the record so far. `step` advances a world in place (the typed arrays are the
 * hot loop's and are not copied); `snapshot` turns it into a JSON-safe value and
 * `restore` back.
 */
export interface WorldParts {
  readonly spec: WorldSpec;
  readonly rng: RngStreams;
  readonly events: EventProgram;
  readonly firms: Firms;
  readonly kz: KzState;
  /** This month's levers, power-major (POWERS x CHANNELS). */
  readonly levers: Float64Array;
  /** The levers at the start: trade costs are measured against them, and held powers keep them. */
  readonly startLevers: Float64Array;
  readonly oil: OilState;
  readonly cases: CaseState;
  /** Scales of Kazakhstan's utility components, fixed at the start (see componentScales). */
  readonly scales: Float64Array;
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Scratch {
  readonly interventions: Interventions;
  readonly totals: Float64Array;
  readonly usable: Float64Array;
  readonly desired: Float64Array;
  readonly shipped: Float64Array;
  readonly wedges: Float64Array;
  readonly choice: Float64Array;
  readonly volume: Float64Array;
  readonly investment: Float64Array;
  /** What every firm sees this month: one object, rewritten each month (so the firm step always sees one shape). */
  readonly firmContext: Mutable<FirmStepContext>;
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
  const NP = PARTNERS.length;
  const choice = new Float64Array(2 * (NP - 1));
  const volume = new Float64Array(2 * NP);
  const scratch: Scratch = {
    interventions: noInterventions(),
    totals: new Float64Array(TOTALS_LENGTH),
    usable: Float64Array.from(parts.oil.built),
    desired: new Float64Array(ROUTES.length),
    shipped: new Float64Array(ROUTES.length),
    wedges: new Float64Array(NP),
    choice,
    volume,
    investment: new Float64Array(POWERS.length),
    firmContext: { switchProb: 0, choice, volume, riskOverMargin: 0, greyAdjustment: 0, greyScale: 0 },
    notes: [],
    conditionState: new Map(),
  };
  const world: World = { ...parts, months: runMonths(parts.spec.start, parts.spec.horizon), scratch };
  const cols = INDICATORS.length;
  const k = parts.scalars.step;
  setConditionState(world, parts.rows.subarray(k * cols, (k + 1) * cols), k);
  return world;
}

/**
 * The start state of a run: the firms drawn and their partners apportioned to the
 * pre-war trade structure, the powers' standing levers, no grey trade yet (it grows
 * from the first month, as the war's sanctions open the margin), oil on its start
 * routes, and row 0 recorded. Fails only if the start state itself breaks an invariant.
 *
 * @example
 * ```ts
 * import { init, observe, prepare, shippedScenario, worldSpecOf } from 'mvsim/engine';
 * const s = shippedScenario('baseline-2022.yaml');
 * if (!s.ok) throw new Error('bad scenario');
 * const started = init(worldSpecOf({ ...(await prepare(s.scenario)), seed: 1 }));
 * const start = started.ok ? observe(started.world) : undefined;
 * console.log(start?.month, start?.values['trade.oilViaCpcShare']!.toFixed(2));
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
  reactPowers(P, { alignment: kz.alignment, compliance: kz.compliance, greyRealised: 0 }, noInterventions(), undefined, levers, []);
  const startLevers = Float64Array.from(levers);
  const enforcement0 = combinedEnforcement(levers);
  const oil = createOil(P);
  const totals = new Float64Array(TOTALS_LENGTH);
  measureFirms(firms, totals);
  let nonOilExports0 = 0;
  for (let j = 0; j < PARTNERS.length; j++) nonOilExports0 += totals[T_EXPORTS + j]!;
  let oilVolume0 = 0;
  for (let r = 0; r < ROUTES.length; r++) oilVolume0 += oil.nominated[r]!;
  const oilRevenue0 = oilRevenue(P, oilVolume0, P['oil.price0']);
  let greyPotential = 0;
  for (let i = 0; i < firms.n; i++) greyPotential += firms.greyMax[i]!;
  const investment = new Float64Array(POWERS.length);
  const econ = economyBase(P, { oilRevenue0, nonOilExports0, greyValueAdded0: 0, investment0: investmentBySource(P, levers, investment) });
  const gdp0 = econ.oilGva0 + econ.nonOil0;
  const base: StartMeasures = { ...econ, enforcement0, greyPotential, exports0: nonOilExports0 + oilRevenue0, gdp0 };

  const world = assembleWorld({
    spec,
    rng,
    events: createEventProgram(spec),
    firms,
    kz,
    levers,
    startLevers,
    oil,
    cases: createCases(P),
    scales: new Float64Array(0),
    base,
    scalars: {
      step: 0, nonOil: econ.nonOil0, gdp: gdp0, stability: P['stability.initial'], armsShareRU: P['security.armsImportShare0.RU'],
      designations: 0, casesOpened: 0, lastWarning: 0, greyScale: 1, grey: 0, programmeCost: 0, security: 0, enforcement: enforcement0,
    },
    rows: new Float64Array((spec.horizon + 1) * INDICATORS.length),
    log: [],
  });
  world.scratch.totals.set(totals);
  world.scratch.shipped.set(oil.nominated);
  world.scratch.investment.set(investment);
  world.scalars.security = securityExposure(P, levers, kz.alignment, kz.diplomacy, world.scalars.armsShareRU);
  const o = outcomes(world, P['oil.price0']);
  const scales = componentScales(P, spec.doctrine, kz, kzView(world, o, 1));
  const started: World = { ...world, scales };
  const breach = record(started, 0, o);
  return breach ? { ok: false, issues: [breachIssue(breach)] } : { ok: true, world: started };
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
  const { spec, rng, firms, kz, levers, oil, cases, scalars: S, base, log } = world;
  const { interventions: iv, totals, usable, desired, shipped, wedges, choice, volume, notes } = world.scratch;
  const P = spec.params;
  const held = spec.heldPowers ?? 0;
  const step = S.step + 1;
  const month = world.months[step]!;
  // events
  resetInterventions(iv);
  const unevaluable = world.events.apply(step, month, world.scratch.conditionState, iv, log);
  if (unevaluable) return { ok: false, issues: [unevaluable] };
  // powers
  notes.length = 0;
  const greyRealised = base.greyPotential > 0 ? S.grey / base.greyPotential : 0;
  const compliance = effectiveCompliance(kz.compliance, iv.tracking);
  reactPowers(P, { alignment: kz.alignment, compliance, greyRealised }, iv, rng.powers, levers, notes);
  if (held !== 0) holdLevers(levers, world.startLevers, held);
  for (const n of notes) if ((held & (1 << POWERS.indexOf(n.actor))) === 0) log.push({ step, month, actor: n.actor, kind: n.kind, detail: n.detail, why: 'seeded draw at the documented base rate' });
  // oil routes: capacity built, usable this month, where exporters send their oil
  const pressure = transitPressure(levers, world.startLevers);
  advanceConstruction(oil, P, kz.diversification, step);
  usableCapacity(oil, P, iv.capacityFactor, pressure, usable);
  updateTransitRisk(oil, P, iv.capacityFactor, pressure);
  const potential = oilPotential(P, step);
  desiredAllocation(oil, P, potential, usable, desired);
  shipOil(oil, P, potential, desired, usable, shipped);
  // firms: partners, trade values, grey re-exports
  S.enforcement = combinedEnforcement(levers);
  tradeWedges(P, { levers, startLevers: world.startLevers, enforcement: S.enforcement, enforcement0: base.enforcement0 }, wedges);
  partnerChoice(P, wedges, pow(S.gdp / base.gdp0, P['trade.importIncomeElasticity']), choice, volume);
  const ctx = world.scratch.firmContext;
  ctx.switchProb = rateForHalfLife(P['trade.adjustHalfLife']);
  ctx.riskOverMargin = detectionRisk(P, S.enforcement, compliance, recentDesignations(cases)) / greyMargin(P, iv.greyPremium);
  ctx.greyAdjustment = rateForHalfLife(P['grey.adjustHalfLife']);
  ctx.greyScale = S.greyScale * (1 - iv.exportBan);
  stepFirms(firms, ctx, rng['firms.step'], totals);
  S.grey = totals[T_GREY]!;
  // enforcement: investigations mature into listings; new ones open
  const { designated, opened } = stepCases(P, cases, step, S.enforcement, S.grey, compliance, rng.enforcement);
  // Enforcers raise suspected re-exports with Kazakhstan when they first open investigations, then at yearly consultations while they keep opening them.
  if (opened > 0 && (S.casesOpened === 0 || step - S.lastWarning >= 12)) {
    S.lastWarning = step;
    log.push({ step, month, actor: 'US/EU', kind: 'warning', detail: 'suspected re-exports through Kazakh entities raised in consultations with Kazakhstan', why: `enforcement ${S.enforcement.toFixed(3)}, grey re-exports USD ${S.grey.toFixed(2)} bn a year, ${opened.toFixed(3)} investigations expected to open this month` });
  }
  S.casesOpened += opened;
  if (designated > 0) {
    S.designations += designated;
    S.greyScale *= Math.max(0, 1 - (designated / P['grey.entities']) * (1 - P['grey.displacement']));
    log.push({ step, month, actor: 'US/EU', kind: 'designations', detail: `${designated} Kazakh ${designated === 1 ? 'entity' : 'entities'} designated for re-exports to Russia`, why: `investigations opened ${P['sanctions.investigationLag']} months earlier matured; compliance ${compliance.toFixed(3)}`, data: { entities: designated } });
  }
  // economy
  const o = outcomes(world, P['oil.price0'] * iv.oilPrice);
  S.nonOil = nextNonOil(P, S.nonOil, base.nonOil0 * trendFactor(P, step - 1), base.nonOil0 * trendFactor(P, step), nonOilTarget(P, base, {
    step,
    oilRevenue: o.oilRevenue,
    // grey re-exports enter output only through their margin (greyValueAdded), not as domestic value added of exports
    nonOilExports: o.nonOilExports - S.grey,
    greyValueAdded: (S.grey * greyMargin(P, iv.greyPremium)) / (1 + greyMargin(P, iv.greyPremium)),
    investment: o.investment,
    tradeCosts: o.tradeCosts,
    programmeCost: S.programmeCost,
  }));
  S.gdp = oilGva(base, o.oilRevenue) + S.nonOil;
  // security and stability
  S.armsShareRU = nextArmsShareRU(P, S.armsShareRU, kz.alignment[RU]!);
  S.security = securityExposure(P, levers, kz.alignment, kz.diplomacy, S.armsShareRU);
  const trendPath = base.oilGva0 + base.nonOil0 * trendFactor(P, step);
  S.stability = nextStability(P, S.stability, S.gdp / trendPath - 1, S.security, kz.alignment, iv.migrants);
  // Kazakhstan's decision (takes effect from next month; its programme spending enters next month's output)
  const d = decide(P, spec.doctrine, world.scales, kz, kzView(world, o, step + 1), rng.kz, options.action);
  kz.alignment.set(d.next.alignment);
  kz.compliance = d.next.compliance;
  kz.diversification = d.next.diversification;
  kz.diplomacy = d.next.diplomacy;
  S.programmeCost = programmeCost(P, d.action);
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

/** This month's outcomes: trade by partner, oil, revenue, investment and exposures. */
interface Outcomes {
  /** Legitimate non-oil exports and imports by partner, and oil exports by destination (USD bn a year). */
  readonly legitExports: Float64Array;
  readonly imports: Float64Array;
  readonly oilExports: Float64Array;
  /** All exports by partner, grey re-exports included in Russia's. */
  readonly exports: Float64Array;
  readonly nonOilExports: number;
  readonly oilVolume: number;
  readonly oilRevenue: number;
  readonly oilPrice: number;
  readonly oilViaRussia: number;
  readonly tradeCosts: number;
  readonly investment: number;
  readonly exposure: number[];
  readonly sanctionsExposure: number;
}

/** Computes this month's outcomes from the firm totals and the oil shipped. */
function outcomes(world: World, oilPrice: number): Outcomes {
  const { levers, kz, base, scalars: S, spec, cases } = world;
  const { totals, shipped, wedges, investment: investBy } = world.scratch;
  const P = spec.params;
  const NP = PARTNERS.length;
  let oilVolume = 0;
  for (let r = 0; r < ROUTES.length; r++) oilVolume += shipped[r]!;
  const oilRev = oilRevenue(P, oilVolume, oilPrice);
  const viaChina = oilVolume > 0 ? shipped[ROUTE_CHINA]! / oilVolume : 0;
  const viaRussia = oilVolume > 0 ? (shipped[ROUTE_CPC]! + shipped[ROUTE_RUSSIA_OTHER]!) / oilVolume : 0;
  const dest = oilDestinations(P, viaChina);
  const legitExports = new Float64Array(NP);
  const imports = new Float64Array(NP);
  const oilExports = new Float64Array(NP);
  const exports = new Float64Array(NP);
  let nonOil = S.grey;
  let tradeCosts = 0;
  let turnover = 0;
  for (let j = 0; j < NP; j++) {
    legitExports[j] = totals[T_EXPORTS + j]!;
    imports[j] = totals[T_IMPORTS + j]!;
    oilExports[j] = oilRev * dest[j]!;
    exports[j] = legitExports[j]! + oilExports[j]! + (j === RU ? S.grey : 0);
    nonOil += legitExports[j]!;
    tradeCosts += wedges[j]! * (legitExports[j]! + imports[j]!);
    turnover += exports[j]! + imports[j]!;
  }
  const tau = P['trade.transitWeight'];
  const transit = [viaRussia, viaChina, 0, 0];
  const exposure = POWERS.map((_, p) => (1 - tau) * (turnover > 0 ? (exports[p]! + imports[p]!) / turnover : 0) + tau * transit[p]!);
  return {
    legitExports,
    imports,
    oilExports,
    exports,
    nonOilExports: nonOil,
    oilVolume,
    oilRevenue: oilRev,
    oilPrice,
    oilViaRussia: viaRussia,
    tradeCosts,
    investment: investmentBySource(P, levers, investBy),
    exposure,
    sanctionsExposure: sanctionsExposure(P, S.enforcement, base.greyPotential > 0 ? S.grey / base.greyPotential : 0, effectiveCompliance(kz.compliance, world.scratch.interventions.tracking), recentDesignations(cases)),
  };
}

/** What Kazakhstan sees when it decides, forecasting for month `next` (when its action takes effect). */
function kzView(world: World, o: Outcomes, next: number): KzView {
  const { levers, startLevers, base, scalars: S, oil, cases } = world;
  return {
    levers,
    startLevers,
    interventions: world.scratch.interventions,
    enforcement0: base.enforcement0,
    exports: o.legitExports,
    imports: o.imports,
    oilExports: o.oilExports,
    grey: S.grey,
    greyPotential: base.greyPotential,
    greyCap: S.greyScale * (1 - world.scratch.interventions.exportBan) * base.greyPotential,
    recentDesignations: recentDesignations(cases),
    transitRisk: oil.transitRisk,
    oilRevenue: o.oilRevenue,
    oilViaRussiaShare: o.oilViaRussia,
    armsShareRU: S.armsShareRU,
    economyBase: base,
    step: next,
    heldPowers: world.spec.heldPowers ?? 0,
  };
}

/** Records step `k` through the reporter table and checks its invariants. */
function record(world: World, k: number, o: Outcomes): InvariantBreach | undefined {
  const { kz, scalars: S, oil, levers, base, cases } = world;
  const observed: Observed = {
    alignment: kz.alignment,
    compliance: kz.compliance,
    diversification: kz.diversification,
    diplomacy: kz.diplomacy,
    exposure: o.exposure,
    exports: o.exports,
    imports: o.imports,
    nonOilExports: o.nonOilExports,
    oilVolume: o.oilVolume,
    oilRevenue: o.oilRevenue,
    oilPrice: o.oilPrice,
    oilShipped: world.scratch.shipped,
    exportRevenueIndex: base.exports0 > 0 ? (o.nonOilExports + o.oilRevenue) / base.exports0 : 0,
    gdp: S.gdp,
    gdpIndex: S.gdp / base.gdp0,
    investment: o.investment,
    investmentIndex: base.investment0 > 0 ? o.investment / base.investment0 : 1,
    security: S.security,
    armsShareRU: S.armsShareRU,
    sanctionsExposure: o.sanctionsExposure,
    grey: S.grey,
    designations: S.designations,
    investigations: openInvestigations(cases),
    enforcement: S.enforcement,
    stability: S.stability,
    capacityIndex: ROUTES.map((_, r) => (oil.capacity0[r]! > 0 ? world.scratch.usable[r]! / oil.capacity0[r]! : 1)),
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


/** The two largest weighted reasons for a decision, against holding course. */
function explainDecision(versusHold: Readonly<Record<string, number>>, probability: number): string {
  const parts = Object.entries(versusHold)
    .filter(([, v]) => Math.abs(v) > 1e-12)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, 2)
    .map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(4)}`);
  return `chosen with probability ${probability.toFixed(3)}${parts.length ? `; against holding course: ${parts.join(', ')}` : ''}`;
}
