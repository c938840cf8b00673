import { z } from 'zod';
import { PROVENANCE_SHAPE } from './runResult.js';

const Int = z.number().int();

/** The spread of one indicator's per-seed statistic at one point (exact quantiles over the seeds). */
export const SpreadSchema = z.strictObject({
  n: Int,
  mean: z.number(),
  sd: z.number().nullable(),
  min: z.number(),
  p5: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p95: z.number(),
  max: z.number(),
});

const VarySchema = z.strictObject({
  path: z.string(),
  values: z.array(z.number()).optional(),
  range: z.tuple([z.number(), z.number()]).optional(),
});

/** A sweep's result document: one ensemble per point of a design over doctrine weights or parameters, and the Pareto frontier. */
export const SweepResultSchema = z.strictObject({
  ...PROVENANCE_SHAPE,
  kind: z.literal('sweep'),
  seeds: z.array(Int),
  design: z.strictObject({ kind: z.enum(['grid', 'lhs']), points: Int, sampleSeed: Int.nullable(), vary: z.array(VarySchema) }),
  statistic: z.enum(['final', 'mean']),
  objectives: z.array(z.strictObject({ indicator: z.string(), direction: z.enum(['max', 'min']) })),
  method: z.strictObject({ design: z.string(), statistics: z.string(), frontier: z.string() }),
  runs: z.strictObject({ requested: Int, completed: Int, failed: Int }),
  failures: z.array(z.strictObject({ point: Int, seed: Int, error: z.string() })),
  points: z.array(
    z.strictObject({
      index: Int,
      values: z.record(z.string(), z.number()),
      completed: Int,
      frontier: z.boolean(),
      stats: z.record(z.string(), SpreadSchema),
    }),
  ),
  frontier: z.array(Int),
});
export type SweepResult = z.infer<typeof SweepResultSchema>;
export type Spread = z.infer<typeof SpreadSchema>;
