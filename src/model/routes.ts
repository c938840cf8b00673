import { ROUTE_CHINA, ROUTE_RUSSIA, ROUTE_TRANSCASPIAN } from './ids.js';
import { oilRouteShares } from './firms.js';
import type { Params } from './params.js';

/** Export-route infrastructure: built capacity, expansions under way, perceived transit risk. */
export interface RouteState {
  /** Capacity at the start, in volume units (start demand times one plus headroom). */
  readonly capacity0: Float64Array;
  /** Built capacity now (start capacity plus completed expansions). */
  readonly built: Float64Array;
  /** Expansions ordered but not finished: ring buffers indexed by month modulo lag. */
  readonly pendingChina: Float64Array;
  readonly pendingTransCaspian: Float64Array;
  /** Utilisation above 1 last month (demand / usable capacity - 1, floored at 0). */
  readonly overload: Float64Array;
  /** Perceived risk of the route through Russia (exponential memory of disruptions and transit pressure). */
  transitRisk: number;
}

const headroomKeys = ['routes.headroom.russia', 'routes.headroom.china', 'routes.headroom.transCaspian'] as const;

/** Sizes each route at its start demand plus the calibrated headroom. */
export function createRoutes(params: Params, startDemand: ArrayLike<number>): RouteState {
  const capacity0 = Float64Array.from(headroomKeys, (k, r) => (startDemand[r] ?? 0) * (1 + params[k]));
  return {
    capacity0,
    built: Float64Array.from(capacity0),
    pendingChina: new Float64Array(params['routes.expansionLag.china']),
    pendingTransCaspian: new Float64Array(params['routes.expansionLag.transCaspian']),
    overload: new Float64Array(3),
    transitRisk: 0,
  };
}

/**
 * Orders new capacity on the routes that avoid Russia in proportion to
 * diversification effort, and completes the orders placed one lag ago.
 */
export function advanceConstruction(routes: RouteState, params: Params, diversification: number, step: number): void {
  const rate = params['routes.expansionRate'] * diversification;
  const advance = (pending: Float64Array, r: number): void => {
    const slot = step % pending.length;
    routes.built[r] = routes.built[r]! + pending[slot]!;
    pending[slot] = rate * routes.capacity0[r]!;
  };
  advance(routes.pendingChina, ROUTE_CHINA);
  advance(routes.pendingTransCaspian, ROUTE_TRANSCASPIAN);
}

/** Updates the remembered risk of the route through Russia from this month's disruption and Russia's transit lever. */
export function updateTransitRisk(routes: RouteState, params: Params, russiaCapacityFactor: number, russiaTransitLever: number): void {
  const m = params['routes.transitRiskMemory'];
  const current = Math.min(1, 1 - russiaCapacityFactor + Math.max(0, -russiaTransitLever));
  routes.transitRisk = m * routes.transitRisk + (1 - m) * current;
}

/** Route utilities: start shares as alternative-specific constants, minus risk and congestion, plus new capacity. */
function routeUtility(routes: RouteState, params: Params, usable: ArrayLike<number>, r: number, share0: number): number {
  const risk = r === ROUTE_RUSSIA ? routes.transitRisk : 0;
  const capRatio = Math.max(0.01, capacityIndex(routes, usable, r));
  return (
    Math.log(Math.max(share0, 1e-9)) -
    params['routes.riskWeight'] * risk -
    params['routes.congestionWeight'] * routes.overload[r]! +
    params['routes.capacityAttraction'] * Math.log(capRatio)
  );
}

/**
 * Logit route-choice probabilities for the two groups that choose, as cumulative
 * thresholds. At the start (no risk, no congestion, start capacity) they equal the
 * calibrated start shares, so the baseline does not drift by construction.
 */
export function routeChoice(routes: RouteState, params: Params, usable: ArrayLike<number>): { oilCum0: number; oilCum1: number; westCum0: number } {
  const [oRu, oCn, oTc] = oilRouteShares(params);
  const eRu = Math.exp(routeUtility(routes, params, usable, ROUTE_RUSSIA, oRu));
  const eCn = Math.exp(routeUtility(routes, params, usable, ROUTE_CHINA, oCn));
  const eTc = Math.exp(routeUtility(routes, params, usable, ROUTE_TRANSCASPIAN, oTc));
  const oilSum = eRu + eCn + eTc;
  const wRu0 = params['routes.westboundShare0.russia'];
  const wRu = Math.exp(routeUtility(routes, params, usable, ROUTE_RUSSIA, wRu0));
  const wTc = Math.exp(routeUtility(routes, params, usable, ROUTE_TRANSCASPIAN, 1 - wRu0));
  return { oilCum0: eRu / oilSum, oilCum1: (eRu + eCn) / oilSum, westCum0: wRu / (wRu + wTc) };
}

/** Usable capacity relative to the start (1 for a route that had no start capacity). */
export function capacityIndex(routes: RouteState, usable: ArrayLike<number>, r: number): number {
  const c0 = routes.capacity0[r]!;
  return c0 > 0 ? (usable[r] ?? 0) / c0 : 1;
}
