import { z } from 'zod';
import { decodeFloat64, encodeFloat64 } from '../engine/encoding.js';
import type { Issue } from '../input/issues.js';
import { INDICATOR_NAMES } from '../model/indicators.js';
import { checkResult, parseDocument, RESULT_SCHEMAS, type ResultDocument } from './parseResult.js';

/** Version of the series file format. */
export const SERIES_SCHEMA_VERSION = 1;

/**
 * Every seed's trajectories of an ensemble in one file (`run --seeds … --keep-series
 * FILE`, `kind: "series"`): each seed's record, months × indicators in the reporter
 * table's order, as base64 of little-endian doubles (exact, unrounded), with the
 * ensemble's provenance and, for ensembles that drew their assumptions, each seed's
 * drawn values. `mvsim export` turns it into a long table.
 */
export const SeriesDocumentSchema = z.strictObject({
  kind: z.literal('series'),
  schemaVersion: z.literal(SERIES_SCHEMA_VERSION),
  engine: z.strictObject({ name: z.literal('mvsim'), version: z.string() }),
  scenario: z.strictObject({ name: z.string(), sha256: z.string() }),
  calibration: z.strictObject({ sha256: z.string() }),
  firms: z.number().int(),
  months: z.array(z.string()).min(1),
  indicators: z.array(z.string()),
  /** Factor ids of the drawn assumptions, in the order of each seed's `assumptions`. */
  factors: z.array(z.string()),
  seeds: z.array(z.strictObject({ seed: z.number().int().min(0), rows: z.string(), assumptions: z.array(z.number()).optional() })),
});
export type SeriesDocument = z.infer<typeof SeriesDocumentSchema>;

/** One seed's trajectories as a series file holds them. */
export const seriesEntry = (seed: number, rows: Float64Array, assumptions?: ArrayLike<number>) => ({ seed, rows: encodeFloat64(rows), ...(assumptions ? { assumptions: Array.from(assumptions) } : {}) });

/** A series file that parsed, checked: its rows must decode to months × indicators (NOT_A_RESULT otherwise). */
function checkSeries(file: string, d: SeriesDocument): { ok: true; doc: SeriesDocument } | { ok: false; issues: Issue[] } {
  const bad = (message: string) => ({ ok: false as const, issues: [{ code: 'NOT_A_RESULT' as const, severity: 'error' as const, file, line: 1, column: 1, path: ['seeds'], message: `Not a valid series file: ${message}` }] });
  if (d.indicators.join() !== INDICATOR_NAMES.join()) return bad('its indicators are not this engine\'s');
  for (const s of d.seeds) {
    try {
      decodeFloat64(s.rows, d.months.length * d.indicators.length, `seed ${s.seed}`);
    } catch (e) {
      return bad(e instanceof Error ? e.message : String(e));
    }
    if ((s.assumptions?.length ?? 0) !== (s.assumptions ? d.factors.length : 0)) return bad(`seed ${s.seed} has ${s.assumptions?.length} assumptions for ${d.factors.length} factors`);
  }
  return { ok: true, doc: d };
}

/** Parses a file that is either a result (run, ensemble, sweep) or a series file, reading its JSON once, and checks it as its kind requires. */
export function parseResultOrSeries(file: string, text: string): { ok: true; doc: ResultDocument | SeriesDocument } | { ok: false; issues: Issue[] } {
  const parsed = parseDocument<ResultDocument | SeriesDocument>(file, text, { ...RESULT_SCHEMAS, series: SeriesDocumentSchema }, 'NOT_A_RESULT', 'result or series file');
  if (!parsed.ok) return parsed;
  return parsed.doc.kind === 'series' ? checkSeries(file, parsed.doc) : checkResult(file, text, parsed.doc);
}

/** A seed's rows, decoded. */
export const seriesRows = (d: SeriesDocument, i: number): Float64Array => decodeFloat64(d.seeds[i]!.rows, d.months.length * d.indicators.length, `seed ${d.seeds[i]!.seed}`);
