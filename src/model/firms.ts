import type { Prng } from './rng.js';
import { normal } from './rng.js';
import { OTHER, ROUTE_CHINA, ROUTE_RUSSIA, ROUTE_TRANSCASPIAN, SECTOR_MANUFACTURING, SECTOR_OIL, SECTOR_TRADING, CN, RU } from './ids.js';
import { clamp01 } from './math.js';
import type { Params } from './params.js';

/** Route-choice groups: which routes a firm can use. */
export const GROUP_OIL = 0; // pipeline through Russia, pipeline to China, Trans-Caspian
export const GROUP_WESTBOUND = 1; // through Russia or Trans-Caspian
export const GROUP_FIXED_RUSSIA = 2; // trades with Russia itself
export const GROUP_FIXED_CHINA = 3; // trades with China itself

/** The firm population as a structure of typed arrays (no per-firm objects). */
export interface Firms {
  readonly n: number;
  readonly sector: Uint8Array;
  readonly ownership: Uint8Array;
  readonly partner: Uint8Array;
  readonly group: Uint8Array;
  readonly route: Uint8Array;
  readonly designated: Uint8Array;
  /** Trade volume weight (lognormal). */
  readonly size: Float64Array;
  /** Upper bound of the grey re-export share of the firm's volume (its propensity). */
  readonly greyMax: Float64Array;
  /** Risk tolerance: detection risk / margin at which the firm stops grey trade. */
  readonly tolerance: Float64Array;
  /** Current grey re-export share. */
  readonly grey: Float64Array;
}

/**
 * Layout of the per-month totals the firm step accumulates.
 * 0..2 oil volume by route, 3..5 other volume by route, 6..10 volume by partner,
 * 11 grey volume, 12 firms newly designated.
 */
export const T_OIL = 0;
export const T_OTHER = 3;
export const T_PARTNER = 6;
export const T_GREY = 11;
export const T_NEWLY_DESIGNATED = 12;
export const TOTALS_LENGTH = 13;

/** What every firm sees this month; computed once per step, outside the hot loop. */
export interface FirmStepContext {
  /** Detection risk divided by the grey margin. */
  readonly riskOverMargin: number;
  readonly greyAdjustment: number;
  /** Monthly designation probability per unit of grey share. */
  readonly hazard: number;
  /** Probability that a firm re-evaluates its route this month. */
  readonly switchProb: number;
  /** Cumulative route probabilities: [oil: P(russia), P(russia)+P(china)], [westbound: P(russia)]. */
  readonly oilCum0: number;
  readonly oilCum1: number;
  readonly westCum0: number;
  /** Share of a designated firm's volume it keeps. */
  readonly designatedKeep: number;
}

/**
 * Assigns labels to firms so that each label's share of total size matches its
 * target (largest-first, to the label with the largest remaining deficit).
 * The error per label is bounded by the smallest firms' sizes, so documented value
 * shares are reproduced at any firm count.
 */
function apportionBySize(members: Uint32Array, size: Float64Array, targets: readonly number[], labels: readonly number[], out: Uint8Array): void {
  const order = Uint32Array.from(members).sort((a, b) => size[b]! - size[a]! || a - b);
  let total = 0;
  for (const i of order) total += size[i]!;
  const deficit = targets.map((t) => t * total);
  for (const i of order) {
    let best = 0;
    for (let k = 1; k < deficit.length; k++) if (deficit[k]! > deficit[best]!) best = k;
    out[i] = labels[best]!;
    deficit[best] = deficit[best]! - size[i]!;
  }
}

/** Cumulative-distribution pick: the index of the first bucket whose cumulative share exceeds u. */
function pick(u: number, shares: readonly number[]): number {
  let c = 0;
  for (let k = 0; k < shares.length - 1; k++) {
    c += shares[k]!;
    if (u < c) return k;
  }
  return shares.length - 1;
}

/** Creates `n` heterogeneous firms from the firm-initialisation stream (six draws per firm, always). */
export function createFirms(n: number, params: Params, rng: Prng): Firms {
  const f: Firms = {
    n,
    sector: new Uint8Array(n),
    ownership: new Uint8Array(n),
    partner: new Uint8Array(n),
    group: new Uint8Array(n),
    route: new Uint8Array(n),
    designated: new Uint8Array(n),
    size: new Float64Array(n),
    greyMax: new Float64Array(n),
    tolerance: new Float64Array(n),
    grey: new Float64Array(n),
  };
  const sectorShares = [
    params['firms.sectorShare.oil'],
    params['firms.sectorShare.metals'],
    params['firms.sectorShare.grain'],
    params['firms.sectorShare.manufacturing'],
  ];
  sectorShares.push(1 - sectorShares.reduce((a, b) => a + b, 0));
  const ownShares = [0, params['firms.russianOwnedShare'], params['firms.chineseOwnedShare'], params['firms.westernOwnedShare']];
  ownShares[0] = 1 - ownShares[1]! - ownShares[2]! - ownShares[3]!;
  const sigma = params['firms.sizeSigma'];
  const greyMean = params['firms.greyPropensity.mean'];
  const ruMult = params['firms.greyPropensity.russianOwnedMultiplier'];
  const spread = params['firms.riskTolerance.spread'];
  for (let i = 0; i < n; i++) {
    const sector = pick(rng(), sectorShares);
    const own = pick(rng(), ownShares);
    const z = Math.max(-3, Math.min(3, normal(rng)));
    const uGrey = rng();
    const uTol = rng();
    f.sector[i] = sector;
    f.ownership[i] = own;
    f.size[i] = Math.exp(sigma * z) * (sector === SECTOR_OIL ? params['firms.oilSizeMultiplier'] : 1);
    const canReExport = sector === SECTOR_MANUFACTURING || sector === SECTOR_TRADING;
    f.greyMax[i] = canReExport ? clamp01(greyMean * (own === 1 ? ruMult : 1) * -Math.log(1 - uGrey)) : 0;
    f.tolerance[i] = 1 + spread * (2 * uTol - 1);
  }
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const partnerShares = [params['trade.share0.RU'], params['trade.share0.CN'], params['trade.share0.EU'], params['trade.share0.US']];
  partnerShares.push(1 - partnerShares.reduce((a, b) => a + b, 0));
  apportionBySize(all, f.size, partnerShares, [0, 1, 2, 3, OTHER], f.partner);

  const oil: number[] = [];
  const westbound: number[] = [];
  for (let i = 0; i < n; i++) {
    if (f.sector[i] === SECTOR_OIL) {
      f.group[i] = GROUP_OIL;
      oil.push(i);
    } else if (f.partner[i] === RU) {
      f.group[i] = GROUP_FIXED_RUSSIA;
      f.route[i] = ROUTE_RUSSIA;
    } else if (f.partner[i] === CN) {
      f.group[i] = GROUP_FIXED_CHINA;
      f.route[i] = ROUTE_CHINA;
    } else {
      f.group[i] = GROUP_WESTBOUND;
      westbound.push(i);
    }
  }
  const [oilRu, oilCn, oilTc] = oilRouteShares(params);
  apportionBySize(Uint32Array.from(oil), f.size, [oilRu, oilCn, oilTc], [ROUTE_RUSSIA, ROUTE_CHINA, ROUTE_TRANSCASPIAN], f.route);
  const westRu = params['routes.westboundShare0.russia'];
  apportionBySize(Uint32Array.from(westbound), f.size, [westRu, 1 - westRu], [ROUTE_RUSSIA, ROUTE_TRANSCASPIAN], f.route);
  return f;
}

/** Calibrated start shares of oil export volume by route (Trans-Caspian is the remainder). */
export function oilRouteShares(params: Params): [number, number, number] {
  const ru = params['routes.oilShare0.russia'];
  const cn = params['routes.oilShare0.china'];
  return [ru, cn, 1 - ru - cn];
}

/** The grey share a firm aims for: its propensity, scaled down as detection risk approaches its tolerance times the margin. */
export function greyTarget(greyMax: number, tolerance: number, riskOverMargin: number): number {
  const x = 1 - riskOverMargin / tolerance;
  return x > 0 ? greyMax * x : 0;
}

/** Sets every firm's grey share to its target (the start state is in equilibrium with the start conditions). */
export function settleGrey(f: Firms, riskOverMargin: number): void {
  for (let i = 0; i < f.n; i++) f.grey[i] = greyTarget(f.greyMax[i]!, f.tolerance[i]!, riskOverMargin);
}

/**
 * The firm step, the hot loop: each firm adjusts its grey re-export toward its
 * target, faces a designation draw, may re-evaluate its route (logit over the
 * routes open to it) and adds its volume to the month's totals. Exactly one draw
 * from each stream per firm, so stream positions never depend on choices.
 * Designation is drawn here rather than in a second pass over the firms: it depends
 * only on the firm's own grey share of this month, so the result is the same as a
 * separate enforcement pass.
 */
export function stepFirms(f: Firms, ctx: FirmStepContext, rngStep: Prng, rngEnforcement: Prng, totals: Float64Array): void {
  const { n, sector, partner, group, route, designated, size, greyMax, tolerance, grey } = f;
  const rom = ctx.riskOverMargin;
  const adj = ctx.greyAdjustment;
  const hazard = ctx.hazard;
  const ps = ctx.switchProb;
  const keep = ctx.designatedKeep;
  const oc0 = ctx.oilCum0;
  const oc1 = ctx.oilCum1;
  const wc0 = ctx.westCum0;
  let oil0 = 0, oil1 = 0, oil2 = 0, oth0 = 0, oth1 = 0, oth2 = 0;
  let p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0;
  let greyVolume = 0;
  let newly = 0;
  for (let i = 0; i < n; i++) {
    const s = size[i]!;
    const u = rngEnforcement();
    const v = rngStep();
    let d = designated[i]!;
    let g = 0;
    if (d === 0) {
      const gm = greyMax[i]!;
      if (gm > 0) {
        g = grey[i]!;
        const x = 1 - rom / tolerance[i]!;
        g += adj * ((x > 0 ? gm * x : 0) - g);
        if (u < hazard * g) {
          designated[i] = 1;
          d = 1;
          newly++;
          g = 0;
        }
        grey[i] = g;
      }
    } else if (grey[i] !== 0) grey[i] = 0;
    greyVolume += s * g;
    let r = route[i]!;
    const grp = group[i]!;
    if (grp < 2 && v < ps) {
      const w = v / ps; // uniform on [0, 1) given v < ps: one draw serves both decisions
      r = grp === GROUP_OIL ? (w < oc0 ? 0 : w < oc1 ? 1 : 2) : w < wc0 ? 0 : 2;
      route[i] = r;
    }
    const vol = d === 0 ? s : s * keep;
    if (sector[i] === SECTOR_OIL) {
      if (r === 0) oil0 += vol;
      else if (r === 1) oil1 += vol;
      else oil2 += vol;
    } else if (r === 0) oth0 += vol;
    else if (r === 1) oth1 += vol;
    else oth2 += vol;
    const pt = partner[i]!;
    if (pt === 0) p0 += vol;
    else if (pt === 1) p1 += vol;
    else if (pt === 2) p2 += vol;
    else if (pt === 3) p3 += vol;
    else p4 += vol;
  }
  totals[T_OIL] = oil0;
  totals[T_OIL + 1] = oil1;
  totals[T_OIL + 2] = oil2;
  totals[T_OTHER] = oth0;
  totals[T_OTHER + 1] = oth1;
  totals[T_OTHER + 2] = oth2;
  totals[T_PARTNER] = p0;
  totals[T_PARTNER + 1] = p1;
  totals[T_PARTNER + 2] = p2;
  totals[T_PARTNER + 3] = p3;
  totals[T_PARTNER + 4] = p4;
  totals[T_GREY] = greyVolume;
  totals[T_NEWLY_DESIGNATED] = newly;
}
