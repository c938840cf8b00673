import { addRun, addSeries, emptyTidy, tidyCsv } from '../analysis/tidy.js';
import type { Issue, Outcome } from '../input/issues.js';
import { tidyArrow } from '../analysis/tidyArrow.js';
import { parseResultOrSeries, type SeriesDocument } from '../results/seriesDocument.js';
import type { Env } from './env.js';
import { MAX_RESULT_BYTES } from './states.js';
import { refuseExisting, writeAll } from './write.js';

export interface ExportArgs {
  /** Run result files, series files (`run --seeds … --keep-series`), or folders of them. */
  readonly inputs: readonly string[];
  readonly format: 'csv' | 'arrow';
  /** Where to write; without it a CSV goes to the caller (standard output). */
  readonly out?: string | undefined;
  readonly force: boolean;
}

export type ExportDone = { readonly written: string; readonly rows: number } | { readonly csv: string; readonly rows: number };

/** The most rows one export holds in memory (a 1,000-seed series file of the default scenario is 3.1 million). */
export const MAX_EXPORT_ROWS = 50_000_000;

const issueIn = (file: string, message: string): Issue => ({ code: 'NOT_A_RESULT', severity: 'error', file, line: 1, column: 1, path: ['kind'], message });

/**
 * `export`: runs (each a result file, or a folder of them such as `--keep-runs`) and
 * ensembles' series files as one long table — a row per scenario, seed, step, month
 * and indicator — as CSV or as an Arrow IPC file. Files of a folder go in name order.
 * An ensemble or sweep file is refused with what to run instead: it keeps statistics
 * across seeds, not each seed's trajectory.
 */
export async function exportTable(env: Env, args: ExportArgs): Promise<Outcome<ExportDone>> {
  const files: string[] = [];
  for (const given of args.inputs) {
    const path = env.files.resolve('.', given);
    files.push(...(env.files.jsonFiles(path) ?? [path]));
  }
  if (args.out !== undefined) {
    const refused = refuseExisting(env, [{ path: args.out, remedy: 'choose another --out' }], args.force);
    if (refused) return refused;
  }
  const table = emptyTidy();
  const issues: Issue[] = [];
  for (const file of files) {
    const got = env.files.read(file, MAX_RESULT_BYTES, 'a JSON result or series file');
    if (!got.ok) {
      issues.push(...got.issues);
      continue;
    }
    const r = parseResultOrSeries(file, got.text);
    if (!r.ok) issues.push(...r.issues);
    else if (r.doc.kind === 'series') {
      if (rowsOf(r.doc) + table.value.length > MAX_EXPORT_ROWS) issues.push(issueIn(file, `The export would pass ${MAX_EXPORT_ROWS} rows; export fewer files at a time`));
      else addSeries(table, r.doc);
    } else if (r.doc.kind !== 'run') {
      issues.push(issueIn(file, r.doc.kind === 'ensemble' ? 'An ensemble file keeps statistics across seeds, not each seed\'s trajectory: run the ensemble again with --keep-series FILE (one file for all seeds) or --keep-runs DIR, and export that' : 'A sweep file keeps statistics per point, not trajectories: export runs or series files'));
    } else addRun(table, r.doc);
  }
  if (issues.length) return { ok: false, issues };
  if (!files.length) return { ok: false, issues: [{ code: 'INVALID_OPTION', severity: 'error', path: [], message: 'Nothing to export: the folders given hold no JSON files' }] };
  if (args.format === 'csv' && args.out === undefined) return { ok: true, csv: tidyCsv(table), rows: table.value.length };
  if (args.out === undefined) return { ok: false, issues: [{ code: 'INVALID_OPTION', severity: 'error', path: [], message: '--format arrow writes a binary file: give --out FILE.arrow' }] };
  const content = args.format === 'csv' ? tidyCsv(table) : await tidyArrow(table);
  const written = writeAll(env, [{ path: args.out, content }], args.force);
  return written.ok ? { ok: true, written: args.out, rows: table.value.length } : written;
}

const rowsOf = (d: SeriesDocument): number => d.seeds.length * d.months.length * d.indicators.length;
