import type { z } from 'zod';
import { runMonths } from '../model/calendar.js';
import { provenanceFields, roundValue, type ResultMeta } from '../results/runResult.js';
import type { RobustnessResult } from '../results/robustnessResult.js';
import type { ResolvedScenarioSchema } from '../scenario/resolved.js';
import { decidingFactors, holds, wilsonInterval, type Claim } from './robustness.js';
import { factorRecord, type Factor } from './sensitivity.js';
import { sampleTable } from './sensitivityResult.js';

/** How many deciding assumptions a result lists per claim. */
export const DECIDING_LISTED = 10;

/** What a robustness result is built from. */
export interface RobustnessParts {
  readonly meta: ResultMeta;
  readonly baseline: { readonly scenario: z.infer<typeof ResolvedScenarioSchema>; readonly sha256: string } | undefined;
  readonly factors: readonly Factor[];
  readonly notes: readonly string[];
  readonly seeds: readonly number[];
  readonly samples: number;
  readonly designSeed: number;
  /** The unit-cube points (samples × factors) and each claim's output at them. */
  readonly points: Float64Array;
  readonly claims: readonly Claim[];
  readonly y: readonly Float64Array[];
  readonly level: number;
}

/**
 * Builds a robustness result: for each claim, how many sampled points of the assumption
 * space satisfy it, that share with its Wilson interval, and the factors that separate
 * the points where it holds from those where it fails (KS distance, largest first).
 */
export function buildRobustnessResult(p: RobustnessParts): RobustnessResult {
  const months = runMonths(p.meta.scenario.start, p.meta.scenario.horizon);
  const rows = sampleTable(p.factors, p.points, p.y, Array.from({ length: p.samples }, (_, k) => k));
  const pct = `${Math.round(p.level * 100)}%`;
  return {
    ...provenanceFields(p.meta, months),
    kind: 'robustness',
    against: p.baseline ? { name: p.baseline.scenario.name, sha256: p.baseline.sha256, resolved: p.baseline.scenario } : null,
    seeds: [...p.seeds],
    design: {
      name: 'Latin hypercube over the factors\' plausible ranges (uniform), each point run on every seed',
      samples: p.samples,
      designSeed: p.designSeed,
      runs: p.samples * p.seeds.length * (p.baseline ? 2 : 1),
      output: p.baseline ? 'at each point, the mean over the seeds of the paired difference scenario − baseline (same seed, same assumptions)' : "at each point, the mean over the seeds of the scenario's value",
      interval: `${pct} Wilson score interval of the share of points`,
      deciding: `the ${DECIDING_LISTED} factors whose values differ most between points where the claim holds and where it fails (two-sample Kolmogorov–Smirnov distance; Monte Carlo filtering)`,
    },
    factors: p.factors.map(factorRecord),
    notes: [...p.notes],
    claims: p.claims.map((c, k) => {
      const verdicts = Array.from(p.y[k]!, (v) => holds(c, v));
      const n = verdicts.filter((v) => v).length;
      const { low, high } = wilsonInterval(n, p.samples, p.level);
      return {
        claim: c.text,
        output: `${c.output.indicator}:${c.output.statistic}`,
        holds: n,
        points: p.samples,
        share: roundValue(n / p.samples),
        low: roundValue(low),
        high: roundValue(high),
        deciding: decidingFactors(p.factors, rows.map((r) => r.values), verdicts)
          .slice(0, DECIDING_LISTED)
          .map((d) => ({ ...d, ks: roundValue(d.ks), pValue: roundValue(d.pValue), medianWhereHolds: roundValue(d.medianWhereHolds), medianWhereFails: roundValue(d.medianWhereFails) })),
      };
    }),
    samples: { description: "every sampled point: its factor values and each claim's output, in the order of `columns`", columns: { values: p.factors.map((f) => f.id), outputs: p.claims.map((c) => `${c.output.indicator}:${c.output.statistic}`) }, rows },
  };
}
