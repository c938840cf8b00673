import { z } from 'zod';

/** A plausible range [low, high] for uncertainty and sensitivity analysis. */
const Range = z.tuple([z.number(), z.number()]).describe('Plausible range [low, high], for uncertainty and sensitivity analysis');
const Year = z.number().int().min(1990).max(2100);
/** Checked against the model's indicators by the loader (src/calibration/load.ts), not here: the file's shape does not depend on the model. */
const ReproducedBy = z.string().min(1).describe('Indicator whose value at the start must equal the entry\'s value');
/** A file name in a folder beside the calibration (no folders, so it cannot point outside it). */
const FileName = (folder: string) => z.string().regex(/^[\w.-]+$/).describe(`File name in calibration/${folder}/`);

/** A figure quoted from one of the five source documents in calibration/sources/. */
const Calibrated = z.strictObject({
  source: FileName('sources').regex(/\.txt$/),
  quote: z.string().min(10).describe('Exact words from the document'),
  documentedValue: z.number(),
  year: Year,
  range: Range.optional(),
  reproducedBy: ReproducedBy.optional(),
  note: z.string().optional(),
});

/** A figure from official or published statistics outside the five documents. */
const Statistic = z.strictObject({
  source: z.string().min(10).describe('Publication and table, e.g. BNS, "Main indicators of foreign trade by country", 2021'),
  file: FileName('data').optional().describe('A copy of the published table in calibration/data/'),
  url: z.url().optional(),
  year: Year,
  documentedValue: z.number().describe('The figure as published, in its own unit'),
  documentedUnit: z.string().min(1).optional().describe("The published figure's unit, when it is not the entry's unit"),
  quote: z.string().min(1).optional().describe('Exact words, or the table row, as published'),
  derivation: z.string().min(10).optional().describe('How the value follows from the published figure(s), when it is derived'),
  range: Range.optional(),
  reproducedBy: ReproducedBy.optional(),
  note: z.string().optional(),
});

/** A value no source gives: flagged as such, with a rationale and a plausible range. */
const Assumption = z.strictObject({
  rationale: z.string().min(10),
  range: Range,
});

export const CalibrationEntrySchema = z.union([
  z.strictObject({ value: z.number(), unit: z.string().min(1), calibrated: Calibrated }),
  z.strictObject({ value: z.number(), unit: z.string().min(1), statistic: Statistic }),
  z.strictObject({ value: z.number(), unit: z.string().min(1), assumption: Assumption }),
]);
/** A named group of parameters (a submodel): ids, or prefixes ending in `*`. */
const GroupSchema = z.strictObject({
  description: z.string().min(10),
  members: z.array(z.string().regex(/^[\w.]+\*?$/).describe('A parameter id, or a prefix followed by *')).min(1),
});
export const CalibrationFileSchema = z.strictObject({
  version: z.literal(2),
  parameters: z.record(z.string(), CalibrationEntrySchema),
  groups: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/), GroupSchema).optional().describe('Parameters by submodel, for sensitivity analysis; every parameter in exactly one group'),
});

/** Whether a group member (an id, or a prefix ending in `*`) names parameter `id`. */
export const memberMatches = (member: string, id: string): boolean => (member.endsWith('*') ? id.startsWith(member.slice(0, -1)) : id === member);
export type CalibrationFile = z.infer<typeof CalibrationFileSchema>;
export type CalibrationEntry = z.infer<typeof CalibrationEntrySchema>;

/** The provenance class of an entry: a document's figure, a published statistic, or an assumption. */
export type Provenance = 'calibrated' | 'statistic' | 'assumption';

/** Which of the three provenance classes an entry belongs to. */
export const provenanceOf = (e: CalibrationEntry): Provenance => ('calibrated' in e ? 'calibrated' : 'statistic' in e ? 'statistic' : 'assumption');

/** An entry's plausible range, when it has one (always for an assumption, optionally for the other two). */
export function rangeOf(e: CalibrationEntry): readonly [number, number] | undefined {
  if ('calibrated' in e) return e.calibrated.range;
  if ('statistic' in e) return e.statistic.range;
  return e.assumption.range;
}

/** The indicator that must reproduce an entry's value at the start, if any. */
export function reproducedByOf(e: CalibrationEntry): string | undefined {
  if ('calibrated' in e) return e.calibrated.reproducedBy;
  if ('statistic' in e) return e.statistic.reproducedBy;
  return undefined;
}

/** Every text of an entry that can quote a source (quote, rationale, derivation, note): what "this entry cites that figure" is checked against. */
export function citingTextsOf(e: CalibrationEntry): string[] {
  if ('calibrated' in e) return [e.calibrated.quote, e.calibrated.note ?? ''];
  if ('statistic' in e) return [e.statistic.quote ?? '', e.statistic.derivation ?? '', e.statistic.note ?? ''];
  return [e.assumption.rationale];
}
