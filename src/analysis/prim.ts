import { quantileType7 } from './quantile.js';

/** Limits of a box: for each dimension, the lowest and highest value inside (inclusive). */
export interface PrimBox {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Points inside, and cases of interest among them. */
  readonly inside: number;
  readonly cases: number;
  /** Share of all cases of interest that fall in the box. */
  readonly coverage: number;
  /** Share of the points in the box that are cases of interest. */
  readonly density: number;
  /** Share of all points that fall in the box. */
  readonly mass: number;
  /** Dimensions whose limits are narrower than the data's. */
  readonly restricted: readonly number[];
}

/** PRIM's settings (Friedman and Fisher 1999; the defaults of EMA Workbench). */
export interface PrimOptions {
  /** Share of the box's points removed by one peel. */
  readonly peelAlpha: number;
  /** Share of the box's points added by one paste. */
  readonly pasteAlpha: number;
  /** Peeling stops before the box holds less than this share of all points. */
  readonly minMass: number;
}

export const PRIM_DEFAULTS: PrimOptions = { peelAlpha: 0.05, pasteAlpha: 0.05, minMass: 0.05 };

/** The lowest and highest value of each dimension. */
function dataRange(x: Float64Array, d: number, n: number): [number[], number[]] {
  const lo = new Array<number>(d).fill(Infinity);
  const hi = new Array<number>(d).fill(-Infinity);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) {
      const v = x[r * d + j]!;
      if (v < lo[j]!) lo[j] = v;
      if (v > hi[j]!) hi[j] = v;
    }
  }
  return [lo, hi];
}

/** The points (row-major n × d) inside a box. */
function insideOf(x: Float64Array, d: number, lower: readonly number[], upper: readonly number[]): number[] {
  const n = x.length / d;
  const rows: number[] = [];
  for (let r = 0; r < n; r++) {
    let ok = true;
    for (let j = 0; j < d && ok; j++) {
      const v = x[r * d + j]!;
      ok = v >= lower[j]! && v <= upper[j]!;
    }
    if (ok) rows.push(r);
  }
  return rows;
}

/** A box's statistics from its limits. */
function boxOf(x: Float64Array, d: number, y: readonly boolean[], lower: number[], upper: number[], totalCases: number, dataLo: readonly number[], dataHi: readonly number[]): PrimBox {
  const rows = insideOf(x, d, lower, upper);
  const cases = rows.filter((r) => y[r]).length;
  const n = y.length;
  return {
    lower: [...lower],
    upper: [...upper],
    inside: rows.length,
    cases,
    coverage: totalCases ? cases / totalCases : 0,
    density: rows.length ? cases / rows.length : 0,
    mass: rows.length / n,
    restricted: lower.map((_, j) => j).filter((j) => lower[j]! > dataLo[j]! || upper[j]! < dataHi[j]!),
  };
}

/**
 * PRIM's peeling trajectory: from the box around all points, repeatedly remove the
 * `peelAlpha` share of the box's points at one end of one dimension — the peel that
 * leaves the densest box (ties: the larger box, then the lower dimension, then the
 * lower end) — until the next box would hold less than `minMass` of all points or no
 * peel removes anything. Every box on the way is returned, the whole box first, so the
 * trade-off between coverage and density can be read along it.
 */
export function primTrajectory(x: Float64Array, d: number, y: readonly boolean[], opts: PrimOptions = PRIM_DEFAULTS): PrimBox[] {
  const n = y.length;
  if (x.length !== n * d) throw new RangeError(`primTrajectory: expected ${n} × ${d} values, got ${x.length}`);
  const totalCases = y.filter(Boolean).length;
  const [dataLo, dataHi] = dataRange(x, d, n);
  let lower = [...dataLo];
  let upper = [...dataHi];
  const boxes = [boxOf(x, d, y, lower, upper, totalCases, dataLo, dataHi)];
  for (;;) {
    const rows = insideOf(x, d, lower, upper);
    let best: { density: number; inside: number; lower: number[]; upper: number[] } | undefined;
    for (let j = 0; j < d; j++) {
      const values = rows.map((r) => x[r * d + j]!);
      for (const end of ['low', 'high'] as const) {
        const cut = quantileType7(values, end === 'low' ? opts.peelAlpha : 1 - opts.peelAlpha);
        const keep = rows.filter((r) => (end === 'low' ? x[r * d + j]! >= cut : x[r * d + j]! <= cut));
        // a peel must remove something, and must not remove everything; values tied at the cut stay
        const remaining = keep.length === rows.length ? rows.filter((r) => (end === 'low' ? x[r * d + j]! > cut : x[r * d + j]! < cut)) : keep;
        if (remaining.length === rows.length || remaining.length === 0 || remaining.length / n < opts.minMass) continue;
        const density = remaining.filter((r) => y[r]).length / remaining.length;
        if (!best || density > best.density || (density === best.density && remaining.length > best.inside)) {
          const lo = [...lower];
          const hi = [...upper];
          let edge = end === 'low' ? Infinity : -Infinity;
          for (const r of remaining) edge = end === 'low' ? Math.min(edge, x[r * d + j]!) : Math.max(edge, x[r * d + j]!);
          if (end === 'low') lo[j] = edge;
          else hi[j] = edge;
          best = { density, inside: remaining.length, lower: lo, upper: hi };
        }
      }
    }
    if (!best) break;
    lower = best.lower;
    upper = best.upper;
    boxes.push(boxOf(x, d, y, lower, upper, totalCases, dataLo, dataHi));
  }
  return boxes;
}

/**
 * Pasting: widens a box one limit at a time, each time by the `pasteAlpha` share of
 * the box's points beyond that limit, while that raises its density (Friedman and
 * Fisher's second stage; peeling's greedy cuts can overshoot).
 */
export function primPaste(x: Float64Array, d: number, y: readonly boolean[], box: PrimBox, opts: PrimOptions = PRIM_DEFAULTS): PrimBox {
  const n = y.length;
  const totalCases = y.filter(Boolean).length;
  const [dataLo, dataHi] = dataRange(x, d, n);
  let current = box;
  for (;;) {
    let best: PrimBox | undefined;
    for (const j of current.restricted) {
      for (const end of ['low', 'high'] as const) {
        // the points just outside this limit, within the other limits
        const lo = [...current.lower];
        const hi = [...current.upper];
        if (end === 'low') lo[j] = dataLo[j]!;
        else hi[j] = dataHi[j]!;
        const outside = insideOf(x, d, lo, hi)
          .map((r) => x[r * d + j]!)
          .filter((v) => (end === 'low' ? v < current.lower[j]! : v > current.upper[j]!))
          .sort((a, b) => (end === 'low' ? b - a : a - b));
        const take = Math.max(1, Math.ceil(opts.pasteAlpha * current.inside));
        if (!outside.length) continue;
        const edge = outside[Math.min(take, outside.length) - 1]!;
        const nl = [...current.lower];
        const nu = [...current.upper];
        if (end === 'low') nl[j] = edge;
        else nu[j] = edge;
        const candidate = boxOf(x, d, y, nl, nu, totalCases, dataLo, dataHi);
        if (candidate.density > current.density && (!best || candidate.density > best.density)) best = candidate;
      }
    }
    if (!best) return current;
    current = best;
  }
}

/** The box a user would take by default: the densest with at least `minCoverage` of the cases (ties: the larger coverage, then the earlier box). */
export function chooseBox(boxes: readonly PrimBox[], minCoverage: number): number {
  let best = 0;
  boxes.forEach((b, i) => {
    const c = boxes[best]!;
    if (b.coverage + 1e-12 < minCoverage) return;
    if (b.density > c.density || (b.density === c.density && b.coverage > c.coverage)) best = i;
  });
  return best;
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 digits). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≥ k) for X binomial(n, p). */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let log = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
  let sum = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(log);
    sum += term;
    if (term < sum * 1e-16 && i > n * p) break;
    log += Math.log((n - i) / (i + 1)) + Math.log(p / (1 - p));
  }
  return Math.min(1, sum);
}

/** A box's restriction on one dimension, with how unlikely its density gain would be by chance. */
export interface Restriction {
  readonly dimension: number;
  /**
   * P(at least the box's cases among its points | the density of the box with this
   * restriction lifted), binomial: EMA Workbench's quasi-p-value. Small: the
   * restriction is unlikely to be an accident of the sample.
   */
  readonly pValue: number;
  /** The box's density with this restriction lifted. */
  readonly densityWithout: number;
}

/**
 * Lifts a box's restrictions that the sample does not support, one at a time (the
 * least supported first), until every remaining one has a quasi-p-value at most
 * `threshold`. With few cases and many factors, peeling fits the sample's noise (a box
 * around the cases themselves); this keeps the restrictions that matter.
 */
export function pruneBox(x: Float64Array, d: number, y: readonly boolean[], box: PrimBox, threshold = 0.05): { box: PrimBox; restrictions: Restriction[] } {
  const n = y.length;
  const totalCases = y.filter(Boolean).length;
  const [dataLo, dataHi] = dataRange(x, d, n);
  let current = box;
  for (;;) {
    const restrictions = current.restricted.map((j) => {
      const lo = [...current.lower];
      const hi = [...current.upper];
      lo[j] = dataLo[j]!;
      hi[j] = dataHi[j]!;
      const wider = boxOf(x, d, y, lo, hi, totalCases, dataLo, dataHi);
      return { dimension: j, pValue: binomialTail(current.cases, current.inside, wider.density), wider };
    });
    const weakest = restrictions.reduce<(typeof restrictions)[number] | undefined>((w, r) => (!w || r.pValue > w.pValue ? r : w), undefined);
    if (!weakest || weakest.pValue <= threshold) return { box: current, restrictions: restrictions.map(({ dimension, pValue, wider }) => ({ dimension, pValue, densityWithout: wider.density })) };
    current = weakest.wider;
  }
}
