import { z } from 'zod';
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
  }),
});
export type EnsembleResult = z.infer<typeof EnsembleResultSchema>;
