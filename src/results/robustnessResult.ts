import { z } from 'zod';
import { ResolvedScenarioSchema } from '../scenario/resolved.js';
import { PROVENANCE_SHAPE } from './runResult.js';
import { FactorSchema, SamplesSchema } from './sensitivityResult.js';

const Int = z.number().int();

const DecidingSchema = z.strictObject({
  factor: z.string(),
  ks: z.number(),
  pValue: z.number(),
  holdsWhen: z.enum(['high', 'low']),
  medianWhereHolds: z.number(),
  medianWhereFails: z.number(),
});

/**
 * A robustness result: in what share of the plausible assumption space each claim
 * holds, with its interval, and the assumptions that decide it.
 */
export const RobustnessResultSchema = z.strictObject({
  ...PROVENANCE_SHAPE,
  kind: z.literal('robustness'),
  against: z.strictObject({ name: z.string(), sha256: z.string().length(64), resolved: ResolvedScenarioSchema }).nullable(),
  seeds: z.array(Int),
  design: z.strictObject({ name: z.string(), samples: Int, designSeed: Int, runs: Int, output: z.string(), interval: z.string(), deciding: z.string() }),
  factors: z.array(FactorSchema),
  notes: z.array(z.string()),
  claims: z.array(
    z.strictObject({
      claim: z.string(),
      output: z.string(),
      holds: Int,
      points: Int,
      share: z.number(),
      low: z.number(),
      high: z.number(),
      deciding: z.array(DecidingSchema),
    }),
  ),
  samples: SamplesSchema,
});
export type RobustnessResult = z.infer<typeof RobustnessResultSchema>;
