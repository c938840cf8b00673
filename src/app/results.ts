import { sampleFromEnsemble, sampleFromRuns, incomparable, type Sample, type StatKey } from '../analysis/samples.js';
import type { Issue, Outcome } from '../input/issues.js';
import { parseReportable, parseResult, topLevelKeyLine, type ReportableDocument, type ResultDocument } from '../results/parseResult.js';
import type { RunResult } from '../results/runResult.js';
import type { Env } from './env.js';
import { MAX_RESULT_BYTES } from './states.js';

/** Result files as read: each document with its file and text (the text locates later problems). */
export interface ReadResult {
  readonly file: string;
  readonly doc: ResultDocument;
  readonly text: string;
}

/** Gives issues that name a file and a top-level field but no line the line of that field in the file's text. */
export function locateFields(issues: readonly Issue[], texts: ReadonlyMap<string, string>): Issue[] {
  return issues.map((i) => {
    const field = i.path[0];
    if (i.file === undefined || i.line !== undefined || typeof field !== 'string') return i;
    return { ...i, line: topLevelKeyLine(texts.get(i.file) ?? '', field), column: 1 };
  });
}

/** Reads a result file, or every *.json file of a folder; anything that is not a valid result is a located issue. */
function readResults(env: Env, path: string): Outcome<{ docs: ReadResult[] }> {
  const files = env.files.jsonFiles(path) ?? [path];
  // every file of a folder is held whole while it is compared (about 0.2 MB each): bound the memory before reading any
  if (files.length > MAX_FOLDER_RESULTS) return { ok: false, issues: [{ code: 'INVALID_OPTION', severity: 'error', path: [], message: `${env.files.shown(path)} holds ${files.length} result files; a folder may hold at most ${MAX_FOLDER_RESULTS} (each is read whole). For more seeds, compare ensemble files (run --seeds), which keep every seed's values in one file` }] };
  const docs: ReadResult[] = [];
  const issues: Issue[] = [];
  for (const file of files) {
    const got = env.files.read(file, MAX_RESULT_BYTES, 'a JSON result file');
    if (!got.ok) {
      issues.push(...got.issues);
      continue;
    }
    const parsed = parseResult(file, got.text);
    if (parsed.ok) docs.push({ file, doc: parsed.doc, text: got.text });
    else issues.push(...parsed.issues);
  }
  return issues.length ? { ok: false, issues } : { ok: true, docs };
}

/** The most result files read from one folder. */
export const MAX_FOLDER_RESULTS = 5_000;

const textsOf = (docs: readonly ReadResult[]): Map<string, string> => new Map(docs.map((d) => [d.file, d.text]));

/**
 * Loads one input of a comparison — a run file, an ensemble file, or a folder of run
 * files of one scenario — as per-seed values of the statistics asked for.
 */
export function loadSample(env: Env, given: string, stats: readonly StatKey[]): Outcome<{ sample: Sample; texts: ReadonlyMap<string, string> }> {
  const path = env.files.resolve('.', given);
  const read = readResults(env, path);
  if (!read.ok) return read;
  const docs = read.docs;
  const texts = textsOf(docs);
  const located = (issues: readonly Issue[]): Outcome<never> => ({ ok: false, issues: locateFields(issues, texts) });
  const isDir = docs.length !== 1 || docs[0]!.file !== path;
  const sweeps = docs.filter((d) => d.doc.kind === 'sweep');
  if (sweeps.length) return located(sweeps.map((e) => incomparable(e.file, 'kind', `${env.files.shown(e.file)} is a sweep; compare takes runs and ensembles (a sweep's points are compared in its own file, and shown by mvsim report)`)));
  const ensembles = docs.filter((d) => d.doc.kind === 'ensemble');
  if (isDir && ensembles.length) return located(ensembles.map((e) => incomparable(e.file, 'kind', `${given} is a folder of runs, but ${env.files.shown(e.file)} is an ensemble; compare ensemble files directly`)));
  const first = docs[0];
  const outcome =
    first && first.doc.kind === 'ensemble'
      ? sampleFromEnsemble(given, first.file, first.doc, stats)
      : sampleFromRuns(given, docs as { file: string; doc: RunResult }[], stats);
  return outcome.ok ? { ok: true, sample: outcome.sample, texts } : located(outcome.issues);
}

/** Reads one result file of any kind (a folder is refused). */
export function loadResult(env: Env, given: string): Outcome<ReadResult> {
  const path = env.files.resolve('.', given);
  if (env.files.jsonFiles(path) !== undefined) return { ok: false, issues: [{ code: 'INVALID_OPTION', severity: 'error', path: [], message: `${given} is a folder; give one result file` }] };
  const read = readResults(env, path);
  return read.ok ? { ok: true, ...read.docs[0]! } : read;
}

/** A file a report can show, read and checked. */
export interface ReadReportable {
  readonly file: string;
  readonly doc: ReportableDocument;
  readonly text: string;
}

/** Reads one result a report can show: a run, an ensemble, a sweep, a sensitivity analysis or a robustness check. */
export function loadReportable(env: Env, given: string): Outcome<ReadReportable> {
  const path = env.files.resolve('.', given);
  if (env.files.jsonFiles(path) !== undefined) return { ok: false, issues: [{ code: 'INVALID_OPTION', severity: 'error', path: [], message: `${given} is a folder; give one result file` }] };
  const got = env.files.read(path, MAX_RESULT_BYTES, 'a JSON result file');
  if (!got.ok) return got;
  const parsed = parseReportable(path, got.text);
  return parsed.ok ? { ok: true, file: path, doc: parsed.doc, text: got.text } : parsed;
}
