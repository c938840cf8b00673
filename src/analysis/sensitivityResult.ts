import type { z } from 'zod';
import { runMonths } from '../model/calendar.js';
import type { ResolvedScenarioSchema } from '../scenario/resolved.js';
import { provenanceFields, roundValue, type ResultMeta } from '../results/runResult.js';
import type { SensitivityResult } from '../results/sensitivityResult.js';
import { factorRecord, factorValue, type Factor, type OutputAnalysis, type OutputSpec, type SensitivityPlan } from './sensitivity.js';

/** What a sensitivity result is built from. */
export interface SensitivityParts {
  readonly meta: ResultMeta;
  readonly baseline: { readonly scenario: z.infer<typeof ResolvedScenarioSchema>; readonly sha256: string } | undefined;
  readonly plan: SensitivityPlan;
  readonly factors: readonly Factor[];
  readonly seeds: readonly number[];
  readonly outputs: readonly OutputSpec[];
  readonly analyses: readonly OutputAnalysis[];
  /** Each output's value at every design point. */
  readonly y: readonly Float64Array[];
  /** The design points kept as a sample of the factor space. */
  readonly samples: readonly number[];
  readonly resamples: number;
  readonly level: number;
  readonly notes: readonly string[];
}

const round = (v: number): number => roundValue(v);

/** Builds the result document; key order is fixed so that equal inputs give equal bytes. */
export function buildSensitivityResult(p: SensitivityParts): SensitivityResult {
  const spec = p.plan.spec;
  const months = runMonths(p.meta.scenario.start, p.meta.scenario.horizon);
  const outputName = (o: OutputSpec): string => `${o.indicator}:${o.statistic}`;
  return {
    ...provenanceFields(p.meta, months),
    kind: 'sensitivity',
    against: p.baseline ? { name: p.baseline.scenario.name, sha256: p.baseline.sha256, resolved: p.baseline.scenario } : null,
    seeds: [...p.seeds],
    method: {
      name: spec.method,
      design: spec.method === 'morris' ? (spec.design === 'trajectory' ? `Morris (1991) trajectories on a ${spec.levels}-level grid, factors in random order` : "radial one-at-a-time design (Campolongo et al. 2011) on a shifted Sobol' sequence") : "Saltelli (2010) A, B and AB_i matrices from a Sobol' sequence (Joe–Kuo directions) with a random digital shift",
      trajectories: spec.method === 'morris' ? spec.trajectories : null,
      levels: spec.method === 'morris' && spec.design === 'trajectory' ? spec.levels : null,
      samples: spec.method === 'sobol' ? spec.samples : null,
      designSeed: spec.designSeed,
      points: p.plan.count,
      runs: p.plan.count * p.seeds.length * (p.baseline ? 2 : 1),
      estimators: spec.method === 'morris' ? 'elementary effects per unit of each factor range: mu (mean), muStar (mean absolute), sigma (sd, n − 1)' : 'first order: Saltelli et al. (2010); total order: Jansen (1999); both divided by the variance of the A and B outputs',
      interval: `${Math.round(p.level * 100)}% percentile bootstrap, ${p.resamples} resamples of the ${spec.method === 'morris' ? 'elementary effects' : 'base rows'}`,
      output: p.baseline ? 'the mean over the seeds of the paired difference scenario − baseline (same seed, same factor values)' : 'the mean over the seeds of the scenario\'s value',
    },
    factors: p.factors.map(factorRecord),
    notes: [...p.notes],
    outputs: Object.fromEntries(
      p.outputs.map((o, k) => {
        const a = p.analyses[k]!;
        const rounded =
          a.method === 'morris'
            ? { method: a.method, factors: a.factors.map((r) => ({ factor: r.factor, mu: round(r.mu), muStar: round(r.muStar), muStarLow: round(r.muStarLow), muStarHigh: round(r.muStarHigh), sigma: round(r.sigma) })) }
            : {
                method: a.method,
                variance: round(a.variance),
                factors: a.factors.map((r) => ({ factor: r.factor, first: round(r.first), firstLow: round(r.firstLow), firstHigh: round(r.firstHigh), total: round(r.total), totalLow: round(r.totalLow), totalHigh: round(r.totalHigh) })),
                convergence: a.convergence.map((c) => ({ rows: c.rows, first: c.first.map(round), total: c.total.map(round) })),
              };
        return [outputName(o), rounded];
      }),
    ),
    samples: {
      description: spec.method === 'morris' ? 'every design point: its factor values and outputs, in the order of `columns`' : 'the rows of A and B (independent points of the factor space; the AB_i rows repeat their coordinates): factor values and outputs in the order of `columns`',
      columns: { values: p.factors.map((f) => f.id), outputs: p.outputs.map(outputName) },
      rows: sampleTable(p.factors, p.plan.points, p.y, p.samples),
    },
  };
}

/** Rows of a design (each point's factor values and outputs, rounded as in result files) for the points given. */
export function sampleTable(factors: readonly Factor[], points: Float64Array, y: readonly Float64Array[], rows: readonly number[]): { point: number; values: number[]; outputs: number[] }[] {
  const d = factors.length;
  return rows.map((point) => ({
    point,
    values: factors.map((f, i) => round(factorValue(f, points[point * d + i]!))),
    outputs: y.map((col) => round(col[point]!)),
  }));
}
