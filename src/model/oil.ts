import { CH_TRANSIT, CROSSES_RUSSIA, ROUTES, ROUTE_CHINA, ROUTE_CPC, ROUTE_RUSSIA_OTHER, ROUTE_TRANSCASPIAN, RU, leverIndex } from './ids.js';
import type { Params } from './params.js';
import { rateForHalfLife } from './trade.js';
import { exp, pow } from './portableMath.js';

const NR = ROUTES.length;

/** Oil-export infrastructure and the exporters' route nominations (volumes in Mt a year). */
export interface OilState {
  /** Capacity at the start (start throughput times one plus headroom). */
  readonly capacity0: Float64Array;
  /** Built capacity now (start capacity plus completed expansions). */
  readonly built: Float64Array;
  /** Expansions ordered but not finished: ring buffers indexed by month modulo lag. */
  readonly pendingChina: Float64Array;
  readonly pendingTransCaspian: Float64Array;
  /** Volume the exporters have arranged on each route (contracts, nominations, tanker charters). */
  readonly nominated: Float64Array;
  /** Perceived risk of the routes that cross Russia (exponential memory of disruptions and transit pressure). */
  transitRisk: number;
}

/** Start shares of oil export volume by route (Trans-Caspian is the remainder). */
export function oilShares0(P: Params): number[] {
  const cpc = P['routes.oilShare0.cpc'];
  const other = P['routes.oilShare0.russiaOther'];
  const china = P['routes.oilShare0.china'];
  return [cpc, other, china, Math.max(0, 1 - cpc - other - china)];
}

const headroomKeys = ['routes.headroom.cpc', 'routes.headroom.russiaOther', 'routes.headroom.china', 'routes.headroom.transCaspian'] as const;

/** The start state: each route carries its start share of the export volume, with the calibrated headroom. */
export function createOil(P: Params): OilState {
  const v0 = P['oil.exportVolume0'];
  const shares = oilShares0(P);
  const capacity0 = Float64Array.from(ROUTES, (_, r) => shares[r]! * v0 * (1 + P[headroomKeys[r]!]));
  return {
    capacity0,
    built: Float64Array.from(capacity0),
    pendingChina: new Float64Array(P['routes.expansionLag.china']),
    pendingTransCaspian: new Float64Array(P['routes.expansionLag.transCaspian']),
    nominated: Float64Array.from(ROUTES, (_, r) => shares[r]! * v0),
    transitRisk: 0,
  };
}

/**
 * Orders new capacity on the routes that avoid Russia in proportion to Kazakhstan's
 * diversification effort, and completes the orders placed one lag ago. Trans-Caspian
 * capacity stops at the transit Azerbaijan offers.
 */
export function advanceConstruction(oil: OilState, P: Params, diversification: number, step: number): void {
  const advance = (pending: Float64Array, r: number, rate: number, ceiling: number): void => {
    const slot = step % pending.length;
    oil.built[r] = Math.min(ceiling, oil.built[r]! + pending[slot]!);
    pending[slot] = rate * diversification;
  };
  advance(oil.pendingChina, ROUTE_CHINA, P['routes.expansionRate.china'], Number.POSITIVE_INFINITY);
  advance(oil.pendingTransCaspian, ROUTE_TRANSCASPIAN, P['routes.expansionRate.transCaspian'], Math.max(P['routes.ceiling.transCaspian'], oil.capacity0[ROUTE_TRANSCASPIAN]!));
}

/**
 * Usable capacity this month: built capacity, times any disruption's capacity factor,
 * less Russian transit pressure on the routes through Russia (all of it on the other
 * Russian routes, whose throughput Russia's transit schedule sets; a calibrated share
 * of it on CPC, a consortium with Western and Kazakh owners).
 */
export function usableCapacity(oil: OilState, P: Params, capacityFactor: ArrayLike<number>, transitPressure: number, out: Float64Array): void {
  const exposure = [P['routes.cpcTransitExposure'], 1, 0, 0];
  for (let r = 0; r < NR; r++) out[r] = oil.built[r]! * (capacityFactor[r] ?? 1) * Math.max(0, 1 - exposure[r]! * transitPressure);
}

/** Updates the remembered risk of the routes through Russia from this month's disruptions and transit pressure. */
export function updateTransitRisk(oil: OilState, P: Params, capacityFactor: ArrayLike<number>, transitPressure: number): void {
  const m = P['routes.transitRiskMemory'];
  const cut = Math.max(1 - (capacityFactor[ROUTE_CPC] ?? 1), 1 - (capacityFactor[ROUTE_RUSSIA_OTHER] ?? 1));
  const current = Math.min(1, cut + transitPressure);
  oil.transitRisk = m * oil.transitRisk + (1 - m) * current;
}

/** Oil export potential this month, Mt a year: the start volume with calibrated growth. */
export const oilPotential = (P: Params, step: number): number => P['oil.exportVolume0'] * pow(1 + P['oil.exportGrowth'], step / 12);

/**
 * The allocation exporters aim for: start shares, tilted away from the routes through
 * Russia by perceived risk, then filled route by route up to usable capacity, with what
 * does not fit offered to the routes with room left (in proportion to their preference).
 * What fits nowhere is shut in.
 */
export function desiredAllocation(oil: OilState, P: Params, potential: number, usable: ArrayLike<number>, out: Float64Array): void {
  const s0 = oilShares0(P);
  const pref = s0.map((s, r) => s * exp(CROSSES_RUSSIA[r] ? -P['routes.riskWeight'] * oil.transitRisk : 0));
  const sum = pref.reduce((a, b) => a + b, 0);
  for (let r = 0; r < NR; r++) out[r] = Math.min(usable[r] ?? 0, sum > 0 ? (potential * pref[r]!) / sum : 0);
  for (let round = 0; round < NR; round++) {
    let left = potential;
    let room = 0;
    for (let r = 0; r < NR; r++) {
      left -= out[r]!;
      if ((usable[r] ?? 0) - out[r]! > 1e-12) room += pref[r]!;
    }
    if (left <= 1e-12 || room <= 0) break;
    for (let r = 0; r < NR; r++) {
      const spare = (usable[r] ?? 0) - out[r]!;
      if (spare > 1e-12) out[r] = out[r]! + Math.min(spare, (left * pref[r]!) / room);
    }
  }
}

/**
 * What exporters ship. Arrangements on a route move toward what they want there at the
 * re-routing speed, in both directions, with two exceptions: a route that loses
 * capacity is cut at once to what it can carry, and arrangements up to a route's start
 * volume come back at once when it reopens (contracts were suspended, not cancelled).
 * What is shipped on each route is the arrangement up to usable capacity; when that adds
 * up to more than the oil there is to export (a reopened route and the detours still
 * arranged), the routes being phased out carry less. Writes shipped volumes (Mt a year).
 */
export function shipOil(oil: OilState, P: Params, potential: number, desired: ArrayLike<number>, usable: ArrayLike<number>, shipped: Float64Array): void {
  const rate = rateForHalfLife(P['routes.rerouteHalfLife']);
  const v0 = P['oil.exportVolume0'];
  const s0 = oilShares0(P);
  let total = 0;
  let surplus = 0;
  for (let r = 0; r < NR; r++) {
    const want = desired[r] ?? 0;
    const cap = usable[r] ?? 0;
    let n = Math.min(oil.nominated[r]!, Math.max(cap, want));
    if (want > n) n = Math.max(n, Math.min(want, s0[r]! * v0));
    n += rate * (want - n);
    oil.nominated[r] = n;
    shipped[r] = Math.min(n, cap);
    total += shipped[r]!;
    if (shipped[r]! > want) surplus += shipped[r]! - want;
  }
  const excess = total - potential;
  if (excess > 0 && surplus > 0) {
    const cut = Math.min(1, excess / surplus);
    for (let r = 0; r < NR; r++) {
      const want = desired[r] ?? 0;
      if (shipped[r]! > want) shipped[r] = shipped[r]! - cut * (shipped[r]! - want);
    }
  }
}

/** Russian transit pressure relative to the start: how far Russia's transit lever has fallen below its start level. */
export const transitPressure = (levers: ArrayLike<number>, startLevers: ArrayLike<number>): number =>
  Math.max(0, (startLevers[leverIndex(RU, CH_TRANSIT)] ?? 0) - (levers[leverIndex(RU, CH_TRANSIT)] ?? 0));

/** Export revenue of a volume, USD bn a year: Mt a year times barrels per tonne times USD per barrel. */
export const oilRevenue = (P: Params, mtPerYear: number, price: number): number => (mtPerYear * P['oil.barrelsPerTonne'] * price) / 1000;
