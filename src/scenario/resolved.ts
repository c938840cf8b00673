import { z } from 'zod';
import { DOCTRINE_PRESET_NAMES, DoctrineSchema } from '../model/doctrine.js';
import { EventSchema, MonthSchema, ParameterOverridesSchema } from './schema.js';

/** A scenario with `extends` resolved and defaults applied: what a run actually uses (and what its hash covers). */
export const ResolvedScenarioSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  start: MonthSchema,
  horizon: z.number().int().min(1),
  seeds: z.array(z.number().int()),
  firms: z.number().int().min(1).nullable(),
  doctrine: z.strictObject({ preset: z.enum(DOCTRINE_PRESET_NAMES), weights: DoctrineSchema }),
  parameters: ParameterOverridesSchema,
  events: z.array(EventSchema),
});
export type ResolvedScenario = z.infer<typeof ResolvedScenarioSchema>;
