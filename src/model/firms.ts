import type { Prng } from './rng.js';
import { normal } from './rng.js';
import { EXPORT, IMPORT, PARTNERS, RU } from './ids.js';
import type { Params } from './params.js';
import { nonOilExports0, imports0 } from './trade.js';
import { exp, log } from './portableMath.js';

const NP = PARTNERS.length;

/**
 * The firm agents: Kazakhstan's non-oil traders, as a structure of typed arrays (no
 * per-firm objects). Each agent exports to, or imports from, one partner at a time;
 * its value is in US dollars a year, so totals are real trade and do not depend on how
 * many agents carry them (the agent count is a resolution setting).
 */
export interface Firms {
  readonly n: number;
  /** EXPORT or IMPORT. */
  readonly direction: Uint8Array;
  /** 1 for a Russian-owned firm. */
  readonly russianOwned: Uint8Array;
  /** Current partner (index into PARTNERS). */
  readonly partner: Uint8Array;
  /** Trade value at start-month costs, USD bn a year. */
  readonly size: Float64Array;
  /** Grey re-exports to Russia the firm would run if undeterred, USD bn a year (0 for firms that cannot re-export). Fixed. */
  readonly greyMax: Float64Array;
  /** 1 / the firm's risk tolerance (log-uniform around 1, log-sd `grey.toleranceSigma`). Fixed; drawn for every firm, read for re-exporters. */
  readonly invTolerance: Float64Array;
  /** The firms that can re-export, with their grey trade. */
  readonly reExporters: ReExporters;
}

/**
 * The re-exporters (firms with `greyMax > 0`, about a ninth of them) in ascending firm
 * order, their fixed attributes copied next to their grey trade. The grey update
 * reads only these dense arrays: over all firms it touched three scattered cache lines
 * per re-exporter and took a fifth of a real run's firm step (issue 13).
 */
export interface ReExporters {
  /** Firm index of each re-exporter, ascending. */
  readonly firm: Uint32Array;
  /** Its grey potential (`greyMax` of the firm), USD bn a year. */
  readonly potential: Float64Array;
  /** Its `invTolerance`. */
  readonly invTolerance: Float64Array;
  /** Its current grey re-exports, USD bn a year. */
  readonly grey: Float64Array;
}

/**
 * The re-exporters of a firm set with these per-firm arrays (`grey` per firm, zero for
 * the others). Throws if a firm that cannot re-export has grey trade: the model never
 * reaches such a state.
 */
export function reExportersOf(greyMax: Float64Array, invTolerance: Float64Array, grey: Float64Array): ReExporters {
  let m = 0;
  for (let i = 0; i < greyMax.length; i++) {
    if (greyMax[i]! > 0) m++;
    else if (grey[i] !== 0) throw new RangeError(`Firm ${i} has grey trade (${grey[i]}) but no grey potential`);
  }
  const r: ReExporters = { firm: new Uint32Array(m), potential: new Float64Array(m), invTolerance: new Float64Array(m), grey: new Float64Array(m) };
  for (let i = 0, j = 0; i < greyMax.length; i++) {
    if (!(greyMax[i]! > 0)) continue;
    r.firm[j] = i;
    r.potential[j] = greyMax[i]!;
    r.invTolerance[j] = invTolerance[i]!;
    r.grey[j++] = grey[i]!;
  }
  return r;
}

/** Grey re-exports per firm (zero for firms that cannot re-export), USD bn a year. */
export function greyByFirm(f: Firms): Float64Array {
  const out = new Float64Array(f.n);
  const { firm, grey } = f.reExporters;
  for (let j = 0; j < firm.length; j++) out[firm[j]!] = grey[j]!;
  return out;
}

/**
 * Layout of the per-month totals the firm step accumulates (USD bn a year):
 * exports by partner (legitimate), imports by partner, grey re-exports to Russia.
 */
export const T_EXPORTS = 0;
export const T_IMPORTS = NP;
export const T_GREY = 2 * NP;
export const TOTALS_LENGTH = 2 * NP + 1;

/** What every firm sees this month; computed once per step, outside the hot loop. */
export interface FirmStepContext {
  /** Probability that a firm re-evaluates its partner this month. */
  readonly switchProb: number;
  /** Cumulative partner-choice probabilities, exports then imports (NP - 1 thresholds each). */
  readonly choice: Float64Array;
  /** Value multiplier by direction and partner (2 x NP): cost wedge and demand. */
  readonly volume: Float64Array;
  /** Detection risk divided by the grey margin. */
  readonly riskOverMargin: number;
  /** Share of the gap to the grey target closed this month. */
  readonly greyAdjustment: number;
  /** Multiplier on every firm's grey potential (designations removed, Kazakh export bans). */
  readonly greyScale: number;
}

/** Whether this platform stores the low 32 bits of a double first (typed arrays use the platform's byte order). */
const LOW_WORD_FIRST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * `members` (ascending) by descending size, equal sizes in ascending order: the order
 * a comparator sort gives, by a stable least-significant-digit radix sort on the sizes'
 * bit patterns (non-negative doubles order as their bits), one byte a pass — linear in
 * the firms instead of n log n comparator calls (issue 13 measured 3.5 of 4.8 ms per
 * seed in the comparator). The eight byte histograms come from one pass, and a byte
 * that is the same for every size (the sign and most of the exponent) is not sorted
 * on. Any other value (negative, NaN) falls back to the comparator.
 */
export function bySizeDescending(members: Uint32Array, size: Float64Array): Uint32Array {
  const n = members.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = size[members[i]!]! + 0; // -0 becomes +0, as the comparator sees them
    if (!(v >= 0)) return Uint32Array.from(members).sort((a, b) => size[b]! - size[a]! || a - b);
    keys[i] = v;
  }
  const words = new Uint32Array(keys.buffer);
  // counts[256 pass + 255 - byte]: descending, so the complement of each byte
  const counts = new Uint32Array(8 * 256);
  const lo = LOW_WORD_FIRST ? 0 : 1;
  for (let i = 0; i < n; i++) {
    const a = words[2 * i + lo]!;
    const b = words[2 * i + 1 - lo]!;
    counts[255 - (a & 255)]!++;
    counts[511 - ((a >>> 8) & 255)]!++;
    counts[767 - ((a >>> 16) & 255)]!++;
    counts[1023 - (a >>> 24)]!++;
    counts[1279 - (b & 255)]!++;
    counts[1535 - ((b >>> 8) & 255)]!++;
    counts[1791 - ((b >>> 16) & 255)]!++;
    counts[2047 - (b >>> 24)]!++;
  }
  let from = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  let to = new Uint32Array(n);
  for (let pass = 0; pass < 8; pass++) {
    const base = 256 * pass;
    let sorted = false;
    for (let c = 0; c < 256; c++) if (counts[base + c] === n) sorted = true; // one value for all: the order stands
    if (sorted || n === 0) continue;
    // bucket starts, in place
    let start = 0;
    for (let c = 0; c < 256; c++) {
      const k = counts[base + c]!;
      counts[base + c] = start;
      start += k;
    }
    const word = pass < 4 ? lo : 1 - lo;
    const shift = (pass % 4) * 8;
    for (let i = 0; i < n; i++) {
      const k = from[i]!;
      to[counts[base + 255 - ((words[2 * k + word]! >>> shift) & 255)]!++] = k;
    }
    const t = from;
    from = to;
    to = t;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = members[from[i]!]!;
  return order;
}

/**
 * Assigns labels to firms so that each label's share of total size matches its
 * target (largest-first, to the label with the largest remaining deficit). The error
 * per label is bounded by the smallest firms' sizes, so documented value shares are
 * reproduced at any firm count.
 */
function apportionBySize(members: Uint32Array, size: Float64Array, targets: readonly number[], out: Uint8Array): void {
  const order = bySizeDescending(members, size);
  let total = 0;
  for (let j = 0; j < order.length; j++) total += size[order[j]!]!;
  const deficit = Float64Array.from(targets, (t) => t * total);
  const labels = deficit.length;
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    let best = 0;
    for (let k = 1; k < labels; k++) if (deficit[k]! > deficit[best]!) best = k;
    out[i] = best;
    deficit[best] = deficit[best]! - size[i]!;
  }
}

/**
 * Creates `n` firm agents from the firm-initialisation stream (five draws per firm,
 * always). Exporters and importers are in proportion to the non-oil export and import
 * totals; sizes are lognormal, scaled so each direction sums to its start total;
 * partners are apportioned by value to the start shares. Grey potential goes to the
 * re-exporters among exporters (Russian-owned ones more), scaled to `grey.potential`
 * times start exports to Russia.
 */
export function createFirms(n: number, params: Params, rng: Prng): Firms {
  const f = {
    direction: new Uint8Array(n),
    russianOwned: new Uint8Array(n),
    partner: new Uint8Array(n),
    size: new Float64Array(n),
    greyMax: new Float64Array(n),
    invTolerance: new Float64Array(n),
  };
  const x0 = nonOilExports0(params);
  const m0 = imports0(params);
  const xTotal = x0.reduce((a, b) => a + b, 0);
  const mTotal = m0.reduce((a, b) => a + b, 0);
  // Exporters first, then importers, in proportion to the two totals (at least one of each when both are positive).
  const nx = xTotal <= 0 ? 0 : mTotal <= 0 ? n : Math.min(n - 1, Math.max(1, Math.round((n * xTotal) / (xTotal + mTotal))));
  const sigma = params['firms.sizeSigma'];
  const ruShare = params['firms.russianOwnedShare'];
  const reShare = params['firms.reExporterShare'];
  const ruMult = params['grey.russianOwnedMultiplier'];
  const tolSigma = params['grey.toleranceSigma'];
  let xSize = 0;
  let mSize = 0;
  let greyWeight = 0;
  for (let i = 0; i < n; i++) {
    const dir = i < nx ? EXPORT : IMPORT;
    const own = rng() < ruShare ? 1 : 0;
    const z = Math.max(-3, Math.min(3, normal(rng)));
    const uRe = rng();
    const uGrey = rng();
    const uTol = rng();
    f.direction[i] = dir;
    f.russianOwned[i] = own;
    const s = exp(sigma * z);
    f.size[i] = s;
    if (dir === EXPORT) xSize += s;
    else mSize += s;
    // Tolerance: log-uniform around 1 from one uniform, with log-standard deviation tolSigma.
    f.invTolerance[i] = exp(-tolSigma * Math.sqrt(3) * (2 * uTol - 1));
    if (dir === EXPORT && uRe < reShare) {
      const w = s * (own === 1 ? ruMult : 1) * -log(1 - uGrey);
      f.greyMax[i] = w;
      greyWeight += w;
    }
  }
  const greyTotal = params['grey.potential'] * (x0[RU] ?? 0);
  for (let i = 0; i < n; i++) {
    f.size[i] = f.size[i]! * (f.direction[i] === EXPORT ? (xSize > 0 ? xTotal / xSize : 0) : mSize > 0 ? mTotal / mSize : 0);
    f.greyMax[i] = greyWeight > 0 ? (f.greyMax[i]! * greyTotal) / greyWeight : 0;
  }
  const exporters = new Uint32Array(nx);
  for (let i = 0; i < nx; i++) exporters[i] = i;
  const importers = new Uint32Array(n - nx);
  for (let i = nx; i < n; i++) importers[i - nx] = i;
  apportionBySize(exporters, f.size, x0.map((v) => (xTotal > 0 ? v / xTotal : 0)), f.partner);
  apportionBySize(importers, f.size, m0.map((v) => (mTotal > 0 ? v / mTotal : 0)), f.partner);
  // one literal, in the same key order as `restore`'s, so every firm set has one shape
  const { direction, russianOwned, partner, size, greyMax, invTolerance } = f;
  return { n, direction, russianOwned, partner, size, greyMax, invTolerance, reExporters: reExportersOf(greyMax, invTolerance, new Float64Array(n)) };
}

/**
 * The firm step, the hot loop. Each firm may re-evaluate its partner (one draw: with
 * probability `switchProb` it draws a partner from this month's CES choice
 * probabilities) and adds its value to the month's totals; then each re-exporter
 * moves its grey re-exports part of the way toward its target (its potential, scaled
 * down smoothly as detection risk per unit of margin rises against its tolerance).
 * Exactly one draw per firm, so stream positions never depend on choices. The grey
 * update uses no draw, so it is a second pass over the re-exporters' dense arrays,
 * in firm order as before: the same sums bit for bit, without a hard-to-predict
 * branch per firm or scattered reads (bench/reference/ has the C port of this step).
 */
export function stepFirms(f: Firms, ctx: FirmStepContext, rng: Prng, totals: Float64Array): void {
  const { n, direction, partner, size } = f;
  const { potential, invTolerance, grey } = f.reExporters;
  const ps = ctx.switchProb;
  const choice = ctx.choice;
  const volume = ctx.volume;
  const rom = ctx.riskOverMargin;
  const adj = ctx.greyAdjustment;
  const scale = ctx.greyScale;
  totals.fill(0);
  for (let i = 0; i < n; i++) {
    const v = rng();
    const dir = direction[i]!;
    let p = partner[i]!;
    if (v < ps) {
      const w = v / ps; // uniform on [0, 1) given v < ps: one draw serves both decisions
      const base = dir * (NP - 1);
      p = 0;
      while (p < NP - 1 && w >= choice[base + p]!) p++;
      partner[i] = p;
    }
    const k = dir * NP + p;
    totals[k] = totals[k]! + size[i]! * volume[k]!;
  }
  let greyTotal = 0;
  for (let j = 0; j < grey.length; j++) {
    let g = grey[j]!;
    g += adj * (potential[j]! * scale * exp(-rom * invTolerance[j]!) - g);
    grey[j] = g;
    greyTotal += g;
  }
  totals[T_GREY] = greyTotal;
}

/** The start totals: each firm's value with its start partner, no grey trade (no draws). */
export function measureFirms(f: Firms, totals: Float64Array): void {
  totals.fill(0);
  for (let i = 0; i < f.n; i++) {
    const k = f.direction[i]! * NP + f.partner[i]!;
    totals[k] = totals[k]! + f.size[i]!;
  }
}
