import { z } from 'zod';
import { DOCTRINE_PRESET_NAMES, DoctrineSchema } from '../model/doctrine.js';
import { POWERS, ROUTES } from '../model/ids.js';
import { PARAM_BOUNDS, PARAM_IDS, type ParamId } from '../model/params.js';

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MonthSchema = z.string().regex(MONTH_RE, { error: 'expected a month as "YYYY-MM"' });
/** A point in the timeline: a calendar month "YYYY-MM", or a step number (1 = the month after the start). */
export const MonthRefSchema = z.union([MonthSchema, z.number().int().min(1)], { error: 'expected a month "YYYY-MM" or a step number >= 1' });

const timing = {
  id: z.string().min(1).max(100).optional().describe('A name for the event in the log'),
  note: z.string().max(2000).optional().describe('Free text: why this event is in the scenario'),
  at: MonthRefSchema.optional().describe('Active in this one month'),
  from: MonthRefSchema.optional().describe('Active from this month ...'),
  until: MonthRefSchema.optional().describe('... to this month inclusive (default: the end of the run)'),
  when: z.string().min(1).max(500).optional().describe('Fires when this condition on last month\'s state holds (a mathjs expression over indicator names)'),
  duration: z.number().int().min(1).max(600).optional().describe('With `when`: months the event stays active once fired (default 1)'),
  repeat: z.boolean().optional().describe('With `when`: may fire again after it ends (default false)'),
};
const intensity = z.number().min(0).max(1);
const power = z.enum(POWERS);

export const EVENT_VARIANTS = [
  z.strictObject({ type: z.literal('enforcement'), ...timing, by: z.enum(['EU', 'US']), level: intensity.describe('Floor on the enforcement lever') })
    .describe('Stricter secondary-sanctions enforcement by the EU or the US'),
  z.strictObject({ type: z.literal('routeDisruption'), ...timing, route: z.enum(ROUTES), capacityFactor: intensity.describe('Share of the route\'s capacity still usable') })
    .describe('An oil export route loses capacity (e.g. moorings lost at the CPC terminal); non-oil trade is not affected'),
  z.strictObject({ type: z.literal('coercion'), ...timing, by: power, channel: z.enum(['trade', 'transit', 'security', 'information']), intensity: intensity.describe('Pressure: the lever is held at or below -intensity') })
    .describe('A power presses Kazakhstan on one channel'),
  z.strictObject({ type: z.literal('securityAssurance'), ...timing, by: power, intensity: intensity.describe('The security lever is held at or above this') })
    .describe('A power pledges support for Kazakhstan\'s sovereignty'),
  z.strictObject({ type: z.literal('investment'), ...timing, by: power, intensity: intensity.describe('The investment lever is held at or above this') })
    .describe('A power raises investment or aid'),
  z.strictObject({ type: z.literal('greyDemand'), ...timing, premium: z.number().min(0).max(10).describe('Added to the relative grey-trade margin') })
    .describe('Russian demand for re-exported goods rises'),
  z.strictObject({ type: z.literal('oilPrice'), ...timing, factor: z.number().min(0.05).max(5).describe('Multiplier on the oil price') })
    .describe('The oil price changes'),
  z.strictObject({ type: z.literal('exportControl'), ...timing, measure: z.enum(['dualUseExportBan', 'goodsTracking']), strength: intensity.describe('dualUseExportBan: share of re-exportable goods banned; goodsTracking: compliance floor seen by detection') })
    .describe("Kazakhstan's own measures against re-export: bans on exporting listed dual-use goods, or tracking of goods crossing the border"),
  z.strictObject({ type: z.literal('migrationShock'), ...timing, people: z.number().int().min(0).max(100_000_000).describe('People arriving in each active month') })
    .describe('A wave of arrivals (e.g. Russians avoiding mobilisation)'),
] as const;
export const EventSchema = z.discriminatedUnion('type', EVENT_VARIANTS);
export type ScenarioEvent = z.infer<typeof EventSchema>;
export const EVENT_TYPES = EVENT_VARIANTS.map((v) => v.shape.type.value);

const paramShape = Object.fromEntries(
  PARAM_IDS.map((id) => {
    const [min, max, kind] = PARAM_BOUNDS[id] as readonly [number, number, string?];
    const n = z.number().min(min).max(max);
    return [id, (kind === 'int' ? n.int() : n).optional()];
  }),
) as Record<ParamId, z.ZodOptional<z.ZodNumber>>;
export const ParameterOverridesSchema = z.strictObject(paramShape).describe('Overrides of calibration parameters, by id (see `mvsim calibration`)');

/** One scenario file as written (before `extends` is resolved). */
export const ScenarioFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).max(200).describe('Scenario name, used in result files'),
    description: z.string().max(20_000).optional(),
    extends: z.string().min(1).max(1000).optional().describe('Path of a parent scenario, relative to this file'),
    start: MonthSchema.optional().describe('First month, "YYYY-MM" (default 2022-03)'),
    horizon: z.number().int().min(1).max(600).optional().describe('Months to simulate (default 36)'),
    seeds: z.array(z.number().int().min(0).max(4_294_967_295)).min(1).max(100_000).optional().describe('Default seeds (default [1])'),
    firms: z.number().int().min(1).max(1_000_000).optional().describe('Number of firm agents (default: calibration firms.count)'),
    doctrine: z.enum(DOCTRINE_PRESET_NAMES).optional().describe('Kazakhstan\'s doctrine preset (default balanced)'),
    doctrineWeights: DoctrineSchema.extend({ affinity: DoctrineSchema.shape.affinity.partial() })
      .partial()
      .optional()
      .describe('Overrides of the preset\'s weights'),
    parameters: ParameterOverridesSchema.optional(),
    events: z.array(EventSchema).max(1000).optional(),
  })
  .describe('An mvsim scenario');
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;

/** The JSON Schema of the scenario format, derived from the zod schema (for editors and `mvsim schema`). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(ScenarioFileSchema, { io: 'input' }), title: 'mvsim scenario' };
}

export const DEFAULT_START = '2022-03';
export const DEFAULT_HORIZON = 36;
export const DEFAULT_SEEDS = [1];
