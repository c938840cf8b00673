import { z } from 'zod';
import { INDICATOR_NAMES } from '../model/indicators.js';

const Calibrated = z.strictObject({
  source: z.string().regex(/^[\w.-]+\.txt$/).describe('File name of the source document in calibration/sources/'),
  quote: z.string().min(10).describe('Exact words from the document'),
  documentedValue: z.number(),
  year: z.number().int().min(1990).max(2100),
  reproducedBy: z.enum(INDICATOR_NAMES as [string, ...string[]]).optional().describe('Indicator that must equal the documented value at the start'),
  note: z.string().optional(),
});
const Assumption = z.strictObject({
  rationale: z.string().min(10),
  range: z.tuple([z.number(), z.number()]).describe('Plausible range [low, high]'),
});

export const CalibrationEntrySchema = z.union([
  z.strictObject({ value: z.number(), unit: z.string().min(1), calibrated: Calibrated }),
  z.strictObject({ value: z.number(), unit: z.string().min(1), assumption: Assumption }),
]);
export const CalibrationFileSchema = z.strictObject({
  version: z.literal(1),
  parameters: z.record(z.string(), CalibrationEntrySchema),
});
export type CalibrationFile = z.infer<typeof CalibrationFileSchema>;
export type CalibrationEntry = z.infer<typeof CalibrationEntrySchema>;
