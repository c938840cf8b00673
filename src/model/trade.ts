import { CH_TRADE, CH_TRANSIT, CN, EU, PARTNERS, POWERS, ROW, RU, US, leverIndex } from './ids.js';
import type { Params } from './params.js';
import { pow } from './portableMath.js';

const NP = PARTNERS.length;

/** Start exports by partner, all goods, USD bn a year (BNS 2021). */
export const exports0 = (P: Params): number[] => PARTNERS.map((p) => P[`trade.exports0.${p}`]);

/** Start imports by partner, USD bn a year (BNS 2021). */
export const imports0 = (P: Params): number[] => PARTNERS.map((p) => P[`trade.imports0.${p}`]);

/** Oil exports in 2021, USD bn: volume times barrels per tonne times the 2021 price. */
export const oilValue2021 = (P: Params): number => (P['oil.exportVolume0'] * P['oil.barrelsPerTonne'] * P['oil.price2021']) / 1000;

/**
 * Where oil goes, as shares of oil export value: China takes what the China pipeline
 * carries; the rest is sold at sea or through Europe's pipelines to the EU, the US and
 * the rest of the world in calibrated shares. Russia buys none: oil in transit through
 * Russia is recorded at its destination.
 */
export function oilDestinations(P: Params, chinaShare: number): number[] {
  const sea = 1 - chinaShare;
  const eu = P['oil.destinationShare.EU'];
  const us = P['oil.destinationShare.US'];
  const out = new Array<number>(NP).fill(0);
  out[CN] = chinaShare;
  out[EU] = sea * eu;
  out[US] = sea * us;
  out[ROW] = sea * (1 - eu - us);
  return out;
}

/**
 * Start non-oil exports by partner, USD bn a year: the BNS 2021 exports less the 2021
 * oil exports by destination (floored at zero).
 */
export function nonOilExports0(P: Params): number[] {
  const oil = oilValue2021(P);
  const dest = oilDestinations(P, P['routes.oilShare0.china']);
  return exports0(P).map((x, j) => Math.max(0, x - oil * dest[j]!));
}

/** What sets this month's trade costs, relative to the start. */
export interface WedgeInputs {
  readonly levers: ArrayLike<number>;
  readonly startLevers: ArrayLike<number>;
  /** Combined Western enforcement now, and at the start. */
  readonly enforcement: number;
  readonly enforcement0: number;
}

/** Smallest value of one plus a wedge: trade costs can fall, but not below a twentieth of their start level. */
const MIN_COST_FACTOR = 0.05;

/**
 * Ad-valorem trade-cost wedges by partner, relative to the start (0 = as at the start):
 * a power's trade lever below its start level is coercion (bans, inspections), above it
 * facilitation; Russian transit pressure taxes the trade that crosses Russia; Western
 * enforcement above its start adds banking and payment frictions to legitimate trade
 * with Russia. Written into `out` (one per partner).
 */
export function tradeWedges(P: Params, x: WedgeInputs, out: Float64Array): void {
  const lev = (p: number, c: number): number => (x.levers[leverIndex(p, c)] ?? 0) - (x.startLevers[leverIndex(p, c)] ?? 0);
  const transitPressure = Math.max(0, -lev(RU, CH_TRANSIT));
  const tariff = P['trade.leverTariffEquivalent'];
  const transit = P['trade.transitCost'] * transitPressure;
  for (let p = 0; p < POWERS.length; p++) out[p] = -tariff * lev(p, CH_TRADE);
  out[ROW] = 0;
  out[EU] = out[EU]! + P['trade.transitDependence.west'] * transit;
  out[US] = out[US]! + P['trade.transitDependence.west'] * transit;
  out[ROW] = out[ROW]! + P['trade.transitDependence.ROW'] * transit;
  out[RU] = out[RU]! + P['trade.bankFriction'] * Math.max(0, x.enforcement - x.enforcement0);
  for (let j = 0; j < NP; j++) out[j] = Math.max(MIN_COST_FACTOR - 1, out[j]!);
}

/**
 * CES partner-choice probabilities and value multipliers for this month's wedges.
 * A firm choosing anew picks partner j with probability s0_j (1 + t_j)^-sigma / sum,
 * the CES expenditure share at these costs, so at start costs the choice reproduces the
 * start shares and the baseline does not drift by construction. A firm's value with
 * its partner is scaled by (1 + t_j)^-epsilon, and imports also by import demand.
 * Writes cumulative thresholds into `choice` (exports, then imports; NP - 1 each) and
 * multipliers into `volume` (exports, then imports; NP each).
 */
export function partnerChoice(P: Params, wedges: ArrayLike<number>, importDemand: number, choice: Float64Array, volume: Float64Array): void {
  const sigma = P['trade.substitutionElasticity'];
  const eps = P['trade.volumeElasticity'];
  const starts = [nonOilExports0(P), imports0(P)];
  for (let d = 0; d < 2; d++) {
    const s0 = starts[d]!;
    let sum = 0;
    const w = s0.map((s, j) => {
      const v = s * pow(1 + (wedges[j] ?? 0), -sigma);
      sum += v;
      return v;
    });
    let c = 0;
    for (let j = 0; j < NP - 1; j++) {
      c += sum > 0 ? w[j]! / sum : 0;
      choice[d * (NP - 1) + j] = c;
    }
    for (let j = 0; j < NP; j++) volume[d * NP + j] = pow(1 + (wedges[j] ?? 0), -eps) * (d === 1 ? importDemand : 1);
  }
}

/** Monthly probability of re-evaluating a partner for a half-life in months: 1 - 2^(-1/h). */
export const rateForHalfLife = (h: number): number => 1 - pow(2, -1 / h);
