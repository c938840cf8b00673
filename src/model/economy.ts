import { CH_INVESTMENT, CH_TRADE, POWERS, leverIndex } from './ids.js';
import type { Params } from './params.js';

/** Foreign investment inflow: the sum of the powers' positive investment levers. */
export function investmentFlow(levers: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < POWERS.length; p++) s += Math.max(0, levers[leverIndex(p, CH_INVESTMENT)] ?? 0);
  return s;
}

/** Trade lost to the powers' trade restrictions, weighted by each power's share of trade. */
export function tradeCoercionLoss(levers: ArrayLike<number>, tradeShare: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < POWERS.length; p++) s += (tradeShare[p] ?? 0) * Math.max(0, -(levers[leverIndex(p, CH_TRADE)] ?? 0));
  return s;
}

export interface EconomyInputs {
  readonly step: number;
  readonly exportRevenueIndex: number;
  readonly investmentIndex: number;
  /** Grey volume relative to start, times the start grey share of trade. */
  readonly greyGain: number;
  readonly tradeLoss: number;
}

/** The trend path of output (1.0 at the start). */
export const trend = (params: Params, step: number): number => (1 + params['economy.trendGrowth']) ** step;

/**
 * Output moves part of the way toward a target: trend times one plus the
 * elasticity-weighted changes in export revenue, investment and grey revenue,
 * minus trade lost to coercion.
 */
export function nextGdp(params: Params, gdp: number, x: EconomyInputs): number {
  const target =
    trend(params, x.step) *
    (1 +
      params['economy.exportElasticity'] * (x.exportRevenueIndex - 1) +
      params['economy.investmentElasticity'] * (x.investmentIndex - 1) +
      params['economy.greyRevenueWeight'] * x.greyGain -
      params['economy.tradeCoercionCost'] * x.tradeLoss);
  return gdp + params['economy.adjustment'] * (Math.max(0, target) - gdp);
}
