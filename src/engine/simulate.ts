import type { Doctrine } from '../model/doctrine.js';
import { nextGdp, investmentFlow, tradeCoercionLoss, trend } from '../model/economy.js';
import {
  createFirms, settleGrey, stepFirms, T_GREY, T_NEWLY_DESIGNATED, T_OIL, T_OTHER, T_PARTNER, TOTALS_LENGTH, type FirmStepContext,
} from '../model/firms.js';
import { CH_TRANSIT, CHANNELS, POWERS, ROUTES, RU, leverIndex } from '../model/ids.js';
import { INDICATOR_NAMES, INDICATORS } from '../model/indicators.js';
import { noInterventions, resetInterventions, type Interventions } from '../model/interventions.js';
import { decide, type KzState } from '../model/kazakhstan.js';
import { normalisedEntropy } from '../model/math.js';
import type { Params } from '../model/params.js';
import { reactPowers, type PowerNote } from '../model/powers.js';
import { advanceConstruction, capacityIndex, createRoutes, routeChoice, updateTransitRisk } from '../model/routes.js';
import { combinedEnforcement, detectionRisk, greyMargin, sanctionsExposure } from '../model/sanctions.js';
import { nextArmsShareRU, securityExposure } from '../model/security.js';
import { nextStability } from '../model/stability.js';
import { runMonths } from './calendar.js';
import type { EventProgram } from './eventProgram.js';
import { checkRow, type InvariantBreach } from './invariants.js';
import type { LogEntry } from './log.js';
import { createStreams, inertStream, type Prng } from './rng.js';

/** Everything one run needs; all of it comes from the resolved scenario and calibration. */
export interface RunSpec {
  readonly params: Params;
  readonly doctrine: Doctrine;
  readonly start: string;
  readonly horizon: number;
  readonly firms: number;
  readonly seed: number;
  readonly events: EventProgram;
  /**
   * Powers whose levers are held at their start values all run (bit p for POWERS[p]):
   * they neither react nor answer the scenario's events. For counterfactual runs; 0 or
   * absent for a real run.
   */
  readonly heldPowers?: number;
}

/** A finished run: one row per month (the start state is row 0), in INDICATORS order. */
export interface RunOutput {
  readonly months: readonly string[];
  /** (horizon + 1) x INDICATORS.length, row-major. */
  readonly rows: Float64Array;
  readonly log: readonly LogEntry[];
}

export type RunOutcome = { readonly ok: true; readonly output: RunOutput } | { readonly ok: false; readonly breach: InvariantBreach };

const never: Prng = () => 1;

/**
 * Runs one seeded simulation. The schedule within each month is fixed:
 * events → powers → firms → enforcement → economy → security → Kazakhstan's decision → record.
 */
export function simulate(spec: RunSpec): RunOutcome {
  const P = spec.params;
  const rng = createStreams(spec.seed);
  const cols = INDICATORS.length;
  const rows = new Float64Array((spec.horizon + 1) * cols);
  const months = runMonths(spec.start, spec.horizon);
  const log: LogEntry[] = [];

  const firms = createFirms(spec.firms, P, rng['firms.init']);
  const kz: KzState = {
    alignment: Float64Array.from(POWERS, (p) => P[`kz.alignment0.${p}`]),
    compliance: P['sanctions.compliance0'],
    diversification: P['kz.diversification0'],
    diplomacy: P['kz.diplomacy0'],
  };
  const levers = new Float64Array(POWERS.length * CHANNELS.length);
  const iv: Interventions = noInterventions();
  const notes: PowerNote[] = [];
  reactPowers(P, { alignment: kz.alignment, compliance: kz.compliance, greyTradeIndex: 1 }, iv, never, levers, notes);
  const startLevers = Float64Array.from(levers);
  const held = spec.heldPowers ?? 0;

  // Start state: grey trade in equilibrium with start enforcement; one measuring pass (no switching, no designation).
  let enforcement = combinedEnforcement(levers);
  settleGrey(firms, detectionRisk(P, enforcement, kz.compliance) / greyMargin(P, 0));
  const totals = new Float64Array(TOTALS_LENGTH);
  const measure: FirmStepContext = { riskOverMargin: 0, greyAdjustment: 0, hazard: 0, switchProb: 0, oilCum0: 1, oilCum1: 1, westCum0: 1, designatedKeep: 1 };
  const inert = inertStream();
  stepFirms(firms, measure, inert, inert, totals);
  const demand0 = ROUTES.map((_, r) => totals[T_OIL + r]! + totals[T_OTHER + r]!);
  const routes = createRoutes(P, demand0);
  const revenue0 = demand0.reduce((a, b) => a + b, 0);
  const grey0 = totals[T_GREY]!;
  const greyShare0 = grey0 / revenue0;
  const investment0 = investmentFlow(levers);

  let gdp = 1;
  let stability = P['stability.initial'];
  let armsRU = P['security.armsImportShare0.RU'];
  let designated = 0;
  let greyTradeIndex = 1;
  let security = 0;
  const usable = Float64Array.from(routes.built);
  const state = new Map<string, number>();

  const record = (step: number, o: Outcomes): InvariantBreach | undefined => {
    const row = rows.subarray(step * cols, (step + 1) * cols);
    let c = 0;
    const put = (v: number): void => void (row[c++] = v);
    kz.alignment.forEach(put);
    put(normalisedEntropy(kz.alignment));
    put(kz.compliance);
    put(kz.diversification);
    put(kz.diplomacy);
    o.exposure.forEach(put);
    o.tradeShare.forEach(put);
    put(o.oilViaRussia);
    o.routeShare.forEach(put);
    put(o.revenueIndex);
    put(gdp);
    put(o.investmentIndex);
    put(security);
    put(armsRU);
    put(o.sanctionsExposure);
    put(greyTradeIndex);
    put(designated);
    put(enforcement);
    put(stability);
    ROUTES.forEach((_, r) => put(capacityIndex(routes, usable, r)));
    levers.forEach(put);
    INDICATOR_NAMES.forEach((n, i) => state.set(n, row[i]!));
    state.set('month', step);
    return checkRow(row, step, months[step]!);
  };

  const outcomes = (): Outcomes => {
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
      shipped,
      routeShare,
      tradeShare,
      exposure: tradeShare.map((s, p) => (1 - tau) * s + tau * transit[p]!),
      oilViaRussia: oilTotal > 0 ? oilShipped[0]! / oilTotal : 0,
      revenueIndex: revenue / revenue0,
      investmentIndex: investment0 > 0 ? investmentFlow(levers) / investment0 : 1,
      sanctionsExposure: sanctionsExposure(P, enforcement, greyTradeIndex, kz.compliance, designated / firms.n),
    };
  };

  let o = outcomes();
  security = securityExposure(P, levers, kz.alignment, kz.diplomacy, armsRU);
  const breach0 = record(0, o);
  if (breach0) return { ok: false, breach: breach0 };

  for (let step = 1; step <= spec.horizon; step++) {
    const month = months[step]!;
    // events
    resetInterventions(iv);
    spec.events.apply(step, month, state, iv, log);
    // powers
    notes.length = 0;
    reactPowers(P, { alignment: kz.alignment, compliance: kz.compliance, greyTradeIndex }, iv, rng.powers, levers, notes);
    if (held !== 0) holdLevers(levers, startLevers, held);
    for (const n of notes) if ((held & (1 << POWERS.indexOf(n.actor))) === 0) log.push({ step, month, actor: n.actor, kind: n.kind, detail: n.detail, why: 'seeded draw at the documented base rate' });
    // firms (routes first: what capacity is usable this month)
    advanceConstruction(routes, P, kz.diversification, step);
    ROUTES.forEach((_, r) => (usable[r] = routes.built[r]! * iv.capacityFactor[r]!));
    updateTransitRisk(routes, P, iv.capacityFactor[0]!, levers[leverIndex(RU, CH_TRANSIT)]!);
    const choice = routeChoice(routes, P, usable);
    enforcement = combinedEnforcement(levers);
    const ctx: FirmStepContext = {
      riskOverMargin: detectionRisk(P, enforcement, kz.compliance) / greyMargin(P, iv.greyPremium),
      greyAdjustment: P['firms.greyAdjustment'],
      hazard: P['firms.designationHazard'] * enforcement,
      switchProb: Math.min(1, P['routes.switchRate.base'] + P['routes.switchRate.risk'] * routes.transitRisk),
      ...choice,
      designatedKeep: 1 - P['firms.designatedTradeLoss'],
    };
    stepFirms(firms, ctx, rng['firms.step'], rng.enforcement, totals);
    // enforcement
    const newly = totals[T_NEWLY_DESIGNATED]!;
    designated += newly;
    greyTradeIndex = grey0 > 0 ? totals[T_GREY]! / grey0 : 0;
    if (newly > 0) log.push({ step, month, actor: 'US/EU', kind: 'designations', detail: `${newly} firms designated for grey re-export`, why: `enforcement ${enforcement.toFixed(3)}, compliance ${kz.compliance.toFixed(3)}`, data: { firms: newly } });
    // economy
    o = outcomes();
    gdp = nextGdp(P, gdp, {
      step,
      exportRevenueIndex: o.revenueIndex,
      investmentIndex: o.investmentIndex,
      greyGain: greyShare0 * (greyTradeIndex - 1),
      tradeLoss: tradeCoercionLoss(levers, o.tradeShare),
    });
    // security
    armsRU = nextArmsShareRU(P, armsRU, kz.alignment[RU]!);
    security = securityExposure(P, levers, kz.alignment, kz.diplomacy, armsRU);
    stability = nextStability(P, stability, gdp / trend(P, step) - 1, security, kz.alignment, iv.migrants);
    // Kazakhstan's decision (takes effect from next month)
    const d = decide(P, spec.doctrine, kz, {
      levers, enforcement, greyTradeIndex, designatedShare: designated / firms.n, transitRisk: routes.transitRisk,
      oilViaRussiaShare: o.oilViaRussia, armsShareRU: armsRU,
    }, rng.kz);
    kz.alignment.set(d.next.alignment);
    kz.compliance = d.next.compliance;
    kz.diversification = d.next.diversification;
    kz.diplomacy = d.next.diplomacy;
    log.push({ step, month, actor: 'KZ', kind: 'decision', detail: d.action, why: explainDecision(d.versusHold, d.probability), data: { probability: d.probability, ...d.versusHold } });
    // record
    const breach = record(step, o);
    if (breach) return { ok: false, breach };
  }
  return { ok: true, output: { months, rows, log } };
}

/** Puts the held powers' levers back to their start values (the powers' draw was still taken, so streams stay aligned). */
function holdLevers(levers: Float64Array, start: Float64Array, held: number): void {
  for (let p = 0; p < POWERS.length; p++) {
    if ((held & (1 << p)) === 0) continue;
    for (let c = 0; c < CHANNELS.length; c++) levers[leverIndex(p, c)] = start[leverIndex(p, c)]!;
  }
}

interface Outcomes {
  shipped: number[];
  routeShare: number[];
  tradeShare: number[];
  exposure: number[];
  oilViaRussia: number;
  revenueIndex: number;
  investmentIndex: number;
  sanctionsExposure: number;
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
