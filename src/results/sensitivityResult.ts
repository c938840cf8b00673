import { z } from 'zod';
import { ResolvedScenarioSchema } from '../scenario/resolved.js';
import { PROVENANCE_SHAPE } from './runResult.js';

const Int = z.number().int();

/** A factor and the range it was varied over. */
export const FactorSchema = z.strictObject({
  id: z.string(),
  group: z.string(),
  provenance: z.enum(['assumption', 'statistic', 'calibrated', 'doctrine']),
  low: z.number(),
  high: z.number(),
  integer: z.boolean(),
});

const MorrisRowSchema = z.strictObject({ factor: z.string(), mu: z.number(), muStar: z.number(), muStarLow: z.number(), muStarHigh: z.number(), sigma: z.number() });
const SobolRowSchema = z.strictObject({ factor: z.string(), first: z.number(), firstLow: z.number(), firstHigh: z.number(), total: z.number(), totalLow: z.number(), totalHigh: z.number() });

const AnalysisSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('morris'), factors: z.array(MorrisRowSchema) }),
  z.strictObject({
    method: z.literal('sobol'),
    variance: z.number(),
    factors: z.array(SobolRowSchema),
    convergence: z.array(z.strictObject({ rows: Int, first: z.array(z.number()), total: z.array(z.number()) })),
  }),
]);

/** Points of a design with their factor values and outputs, for reading outputs against inputs. */
export const SamplesSchema = z.strictObject({
  description: z.string(),
  /** What each row's `values` and `outputs` hold, in order. */
  columns: z.strictObject({ values: z.array(z.string()), outputs: z.array(z.string()) }),
  rows: z.array(z.strictObject({ point: Int, values: z.array(z.number()), outputs: z.array(z.number()) })),
});

/**
 * A sensitivity analysis's result document: the design, the factors and their ranges,
 * each output's indices, and the sampled points with their outputs.
 */
export const SensitivityResultSchema = z.strictObject({
  ...PROVENANCE_SHAPE,
  kind: z.literal('sensitivity'),
  against: z.strictObject({ name: z.string(), sha256: z.string().length(64), resolved: ResolvedScenarioSchema }).nullable(),
  seeds: z.array(Int),
  method: z.strictObject({
    name: z.enum(['morris', 'sobol']),
    design: z.string(),
    trajectories: Int.nullable(),
    levels: Int.nullable(),
    samples: Int.nullable(),
    designSeed: Int,
    points: Int,
    runs: Int,
    estimators: z.string(),
    interval: z.string(),
    output: z.string(),
  }),
  factors: z.array(FactorSchema),
  notes: z.array(z.string()),
  outputs: z.record(z.string(), AnalysisSchema),
  samples: SamplesSchema,
});
export type SensitivityResult = z.infer<typeof SensitivityResultSchema>;
