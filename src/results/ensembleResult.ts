import { z } from 'zod';
import { FactorSchema } from './sensitivityResult.js';
import { PROVENANCE_SHAPE } from './runResult.js';

/** The quantiles an ensemble reports per indicator and month, with their labels. */
export const ENSEMBLE_QUANTILES = [
  ['p5', 0.05],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p95', 0.95],
] as const;

const Series = z.array(z.number());

const IndicatorStatsSchema = z.strictObject({
  mean: Series,
  sd: Series.nullable(),
  min: Series,
  max: Series,
  p5: Series,
  p25: Series,
  p50: Series,
  p75: Series,
  p95: Series,
});

const MonthQuantiles = z.strictObject({ p5: z.string(), p25: z.string(), p50: z.string(), p75: z.string(), p95: z.string() });

const EventFrequencySchema = z.strictObject({
  runs: z.number().int(),
  share: z.number(),
  meanFirings: z.number(),
  shareByMonth: Series,
  firstMonth: MonthQuantiles,
});
export type EventFrequency = z.infer<typeof EventFrequencySchema>;

const ByIndicator = z.record(z.string(), Series);

/** An ensemble's result document: statistics over seeds of one scenario. */
export const EnsembleResultSchema = z.strictObject({
  ...PROVENANCE_SHAPE,
  kind: z.literal('ensemble'),
  seeds: z.array(z.number().int()),
  runs: z.strictObject({ requested: z.number().int(), completed: z.number().int(), failed: z.number().int() }),
  failures: z.array(z.strictObject({ seed: z.number().int(), error: z.string() })),
  method: z.strictObject({ mean: z.string(), sd: z.string(), quantiles: z.string(), events: z.string() }),
  series: z.record(z.string(), IndicatorStatsSchema),
  events: z.record(z.string(), EventFrequencySchema),
  perSeed: z.strictObject({
    seeds: z.array(z.number().int()),
    final: ByIndicator,
    mean: ByIndicator,
    months: z.record(z.string(), ByIndicator),
    assumptions: z.record(z.string(), Series).optional().describe('With --sample-assumptions: each run\'s value of each drawn assumption, aligned with `seeds`'),
  }),
  assumptions: z
    .strictObject({
      method: z.enum(['lhs', 'mc']),
      seed: z.number().int(),
      pairing: z.string(),
      description: z.string(),
      factors: z.array(FactorSchema),
      notes: z.array(z.string()),
    })
    .optional()
    .describe("Present when each run drew its assumptions from their plausible ranges (`run --sample-assumptions`); the bands then show uncertainty from assumptions and chance together"),
  branch: z
    .strictObject({
      month: z.string(),
      parent: z.strictObject({ name: z.string(), sha256: z.string().length(64) }),
      states: z.number().int().min(1),
      statesSha256: z.string().length(64),
    })
    .optional()
    .describe(
      "Present when the ensemble continued states made with another scenario: their month, their scenario, how many states, and the SHA-256 of their files' SHA-256 digests (hex), sorted, each followed by a newline (`sha256sum FILES | cut -d' ' -f1 | sort | sha256sum`)",
    ),
});
/** Where a branched ensemble came from: the states it continued (see the schema's description). */
export type EnsembleBranch = NonNullable<z.infer<typeof EnsembleResultSchema>['branch']>;
export type EnsembleResult = z.infer<typeof EnsembleResultSchema>;
