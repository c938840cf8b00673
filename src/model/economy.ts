import { CH_INVESTMENT, POWERS, leverIndex } from './ids.js';
import type { Params } from './params.js';
import { pow } from './portableMath.js';

/** The parameter names of each power's start share of investment (built once: this runs ten times a month). */
const SHARE0 = POWERS.map((p) => `investment.share0.${p}` as const);

/**
 * Gross foreign investment inflow by source, USD bn a year: each power's start inflow
 * (its share of the start total) scaled by one plus its investment lever, so a power's
 * response is in proportion to its real size. Other investors stay at their start flow.
 * Writes one value per power into `out` and returns the total including other investors.
 */
export function investmentBySource(P: Params, levers: ArrayLike<number>, out: Float64Array): number {
  const fdi0 = P['investment.fdi0'];
  let total = 0;
  let shares = 0;
  for (let p = 0; p < POWERS.length; p++) {
    const share = P[SHARE0[p]!]!;
    shares += share;
    out[p] = fdi0 * share * Math.max(0, 1 + (levers[leverIndex(p, CH_INVESTMENT)] ?? 0));
    total += out[p]!;
  }
  return total + fdi0 * Math.max(0, 1 - shares);
}

/** Output measures fixed by the start state (USD bn a year). */
export interface EconomyBase {
  /** Oil value added at the start (at the start price). */
  readonly oilGva0: number;
  /** Non-oil output at the start. */
  readonly nonOil0: number;
  /** Oil export revenue, non-oil exports, grey value added and investment at the start. */
  readonly oilRevenue0: number;
  readonly nonOilExports0: number;
  readonly greyValueAdded0: number;
  readonly investment0: number;
}

/**
 * The start of the output accounts: 2021 GDP split into oil value added (its 2021
 * share, revalued at the start price) and the rest.
 */
export function economyBase(P: Params, x: Omit<EconomyBase, 'oilGva0' | 'nonOil0'>): EconomyBase {
  const gdp0 = P['economy.gdp0'];
  // No oil exported at the start (a scenario's override): no oil value added to lose later.
  const oilGva0 = x.oilRevenue0 > 0 ? gdp0 * P['economy.oilShare'] * (P['oil.price0'] / P['oil.price2021']) : 0;
  return { ...x, oilGva0, nonOil0: gdp0 * (1 - P['economy.oilShare']) };
}

/** The trend factor of non-oil output after `step` months (1 at the start). */
export const trendFactor = (P: Params, step: number): number => pow(1 + P['economy.trendGrowth'], step / 12);

/** This month's drivers of non-oil demand, USD bn a year. */
export interface DemandInputs {
  readonly step: number;
  readonly oilRevenue: number;
  /** Legitimate non-oil exports (grey re-exports excluded: they enter through their margin only). */
  readonly nonOilExports: number;
  readonly greyValueAdded: number;
  readonly investment: number;
  /** Trade-cost wedges paid on this month's trade (sum of wedge times value; negative for facilitation). */
  readonly tradeCosts: number;
  /** Public spending on Kazakhstan's own programmes this month (route building, diplomacy), USD bn a year. */
  readonly programmeCost: number;
}

/**
 * The non-oil output the economy is heading for: trend, plus a demand multiplier times
 * the changes since the start in domestic value added of non-oil exports, grey margins,
 * net investment and the share of oil revenue that reaches domestic demand, less trade
 * costs paid and programme spending that displaces other spending. Every channel that
 * can raise output is a named parameter (see docs/MODEL.md, "Economy").
 */
export function nonOilTarget(P: Params, base: EconomyBase, x: DemandInputs): number {
  const demand =
    P['economy.nonOilValueAdded'] * (x.nonOilExports - base.nonOilExports0) +
    (x.greyValueAdded - base.greyValueAdded0) +
    P['investment.netShare'] * (x.investment - base.investment0) +
    P['economy.oilRentSpillover'] * (x.oilRevenue - base.oilRevenue0) -
    x.tradeCosts -
    x.programmeCost;
  return Math.max(0, base.nonOil0 * trendFactor(P, x.step) + P['economy.demandMultiplier'] * demand);
}

/**
 * Non-oil output closes part of its gap to the target each month, the gap measured
 * from the trend path (so a baseline on trend stays on it, rather than lagging a target
 * that keeps growing).
 */
export function nextNonOil(P: Params, nonOil: number, trendBefore: number, trendNow: number, target: number): number {
  const gap = nonOil - trendBefore;
  return trendNow + gap + P['economy.adjustment'] * (target - trendNow - gap);
}

/** Oil value added: its start value scaled by the revenue of what is shipped. */
export const oilGva = (base: EconomyBase, oilRevenue: number): number => (base.oilRevenue0 > 0 ? (base.oilGva0 * oilRevenue) / base.oilRevenue0 : 0);
