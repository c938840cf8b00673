import type { RobustnessResult } from '../results/robustnessResult.js';
import type { SensitivityResult } from '../results/sensitivityResult.js';
import type { SweepResult } from '../results/sweepResult.js';
import { chooseBox, primPaste, primTrajectory, pruneBox, PRIM_DEFAULTS, type PrimBox, type PrimOptions } from './prim.js';
import { holds, type Claim } from './robustness.js';

/** A result whose points sample a factor space. */
export type DesignDocument = SensitivityResult | RobustnessResult | SweepResult;

/** Points of a design: their factor values (row-major) and each named output's value. */
export interface DesignTable {
  readonly factors: readonly string[];
  readonly x: Float64Array;
  readonly outputs: ReadonlyMap<string, Float64Array>;
}

/** A box as people read it: each restricted factor's limits, most decisive first. */
export interface BoxRule {
  readonly factor: string;
  readonly lower: number | null;
  readonly upper: number | null;
  /** How much the box's density falls when this restriction is lifted. */
  readonly densityLoss: number;
  /** The restriction's quasi-p-value (see pruneBox). */
  readonly pValue: number;
}

/** What PRIM found for a condition on the outputs. */
export interface Discovery {
  readonly where: string;
  readonly points: number;
  readonly cases: number;
  readonly trajectory: readonly PrimBox[];
  /** Index of the box taken on the trajectory (before pasting). */
  readonly chosen: number;
  /** The chosen box after pasting and pruning. */
  readonly box: PrimBox;
  /** Restrictions lifted by pruning (not supported by the sample). */
  readonly lifted: number;
  readonly rules: readonly BoxRule[];
  readonly sentence: string;
}

const fmt = (v: number): string => String(Number(v.toPrecision(3)));
const pct = (v: number): string => `${Math.round(100 * v)}%`;

/**
 * Scenario discovery (Bryant and Lempert 2010) with PRIM: the cases are the points
 * where the condition holds; the box is taken from the peeling trajectory (`box`, or
 * by default the densest box that holds at least `minCoverage` of the cases), pasted,
 * and stated in plain language with its density and coverage.
 */
export function discover(table: DesignTable, where: Claim, output: string, opts: { minCoverage: number; box?: number | undefined; prim?: PrimOptions }): Discovery {
  const y = Array.from(table.outputs.get(output)!, (v) => holds(where, v));
  const d = table.factors.length;
  const prim = opts.prim ?? PRIM_DEFAULTS;
  const trajectory = primTrajectory(table.x, d, y, prim);
  const chosen = opts.box !== undefined ? Math.min(opts.box, trajectory.length - 1) : chooseBox(trajectory, opts.minCoverage);
  const pasted = primPaste(table.x, d, y, trajectory[chosen]!, prim);
  const pruned = pruneBox(table.x, d, y, pasted);
  const box = pruned.box;
  const restriction = new Map(pruned.restrictions.map((r) => [r.dimension, r]));
  const [dataLo, dataHi] = [trajectory[0]!.lower, trajectory[0]!.upper];
  const rules = box.restricted
    .map((j) => ({ factor: table.factors[j]!, lower: box.lower[j]! > dataLo[j]! ? box.lower[j]! : null, upper: box.upper[j]! < dataHi[j]! ? box.upper[j]! : null, densityLoss: box.density - restriction.get(j)!.densityWithout, pValue: restriction.get(j)!.pValue, j }))
    .sort((a, b) => b.densityLoss - a.densityLoss || a.j - b.j)
    .map(({ j: _j, ...rule }) => rule);
  const cases = y.filter(Boolean).length;
  const rule = (r: BoxRule): string => (r.lower !== null && r.upper !== null ? `${fmt(r.lower)} ≤ ${r.factor} ≤ ${fmt(r.upper)}` : r.lower !== null ? `${r.factor} ≥ ${fmt(r.lower)}` : `${r.factor} ≤ ${fmt(r.upper!)}`);
  const sentence = !cases
    ? `"${where.text}" holds at none of the ${y.length} points: there is nothing to find.`
    : !rules.length
      ? `"${where.text}" holds at ${cases} of the ${y.length} points (${pct(cases / y.length)}), and no restriction of the assumptions is supported by the sample (every one PRIM found could be chance).`
      : `"${where.text}" holds in ${pct(box.density)} of the cases where ${rules.map(rule).join(' and ')} (against ${pct(cases / y.length)} overall); these cases hold ${pct(box.coverage)} of all the points where it holds, in ${pct(box.mass)} of the sampled space.`;
  const caution = cases > 0 && cases < 20 ? ` Only ${cases} points are cases: the box is a lead to test with more points, not a finding.` : '';
  return { where: where.text, points: y.length, cases, trajectory, chosen, box, lifted: pasted.restricted.length - box.restricted.length, rules, sentence: sentence + caution };
}

/** A design's points as a table: a sensitivity or robustness result's samples, or a sweep's points (the mean over seeds at each). */
export function designTable(doc: DesignDocument): DesignTable {
  if (doc.kind === 'sweep') {
    const points = doc.points.filter((p) => p.completed > 0);
    const factors = doc.design.vary.map((v) => v.path);
    const x = Float64Array.from(points.flatMap((p) => factors.map((f) => p.values[f]!)));
    const names = [...new Set(points.flatMap((p) => Object.keys(p.stats)))].sort();
    return { factors, x, outputs: new Map(names.map((n) => [`${n}:${doc.statistic}`, Float64Array.from(points, (p) => p.stats[n]?.mean ?? Number.NaN)])) };
  }
  const { columns, rows } = doc.samples;
  return {
    factors: columns.values,
    x: Float64Array.from(rows.flatMap((r) => r.values)),
    outputs: new Map(columns.outputs.map((name, k) => [name, Float64Array.from(rows, (r) => r.outputs[k]!)])),
  };
}

