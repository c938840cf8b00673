import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sampleFromEnsemble, sampleFromRuns, type InputProblem, type Sample, type StatKey } from '../analysis/samples.js';
import type { Issue } from '../input/issues.js';
import { MAX_RESULT_BYTES } from '../io/files.js';
import { parseResult, topLevelKeyLine, type ResultDocument } from '../results/parseResult.js';
import type { RunResult } from '../results/runResult.js';
import type { SourceReader } from './inputs.js';
import { UsageError } from './io.js';

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Reads a result file, or every *.json file of a folder, and fails with located issues on anything that is not a valid result. */
function readResults(reader: SourceReader, path: string): { file: string; doc: ResultDocument }[] {
  const files = isFolder(path)
    ? readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const docs: { file: string; doc: ResultDocument }[] = [];
  const issues: Issue[] = [];
  for (const file of files) {
    const got = reader.read(file, MAX_RESULT_BYTES, 'a JSON result file');
    if (!got.ok) {
      issues.push(got.issue);
      continue;
    }
    const parsed = parseResult(file, got.text);
    if (parsed.ok) docs.push({ file, doc: parsed.doc });
    else issues.push(...parsed.issues);
  }
  if (issues.length) reader.fail(issues);
  return docs;
}

/** Turns comparison problems into issues located at the offending top-level field. */
export function problemIssues(reader: SourceReader, problems: readonly InputProblem[]): Issue[] {
  return problems.map((p) => ({
    code: 'INCOMPARABLE',
    severity: 'error',
    file: p.file,
    line: topLevelKeyLine(reader.texts.get(p.file) ?? '', p.field),
    column: 1,
    path: [p.field],
    message: p.message,
  }));
}

/**
 * Loads one input of `compare` — a run file, an ensemble file, or a folder of run
 * files of one scenario — as per-seed values of the statistics asked for.
 */
export function loadSample(reader: SourceReader, cwd: string, given: string, stats: readonly StatKey[]): Sample {
  const path = resolve(cwd, given);
  const docs = readResults(reader, path);
  const isDir = docs.length !== 1 || docs[0]!.file !== path;
  const sweeps = docs.filter((d) => d.doc.kind === 'sweep');
  if (sweeps.length) reader.fail(problemIssues(reader, sweeps.map((e) => ({ file: e.file, field: 'kind', message: `${reader.rel(e.file)} is a sweep; compare takes runs and ensembles (a sweep's points are compared in its own file, and shown by mvsim report)` }))));
  const ensembles = docs.filter((d) => d.doc.kind === 'ensemble');
  if (isDir && ensembles.length) {
    reader.fail(problemIssues(reader, ensembles.map((e) => ({ file: e.file, field: 'kind', message: `${given} is a folder of runs, but ${reader.rel(e.file)} is an ensemble; compare ensemble files directly` }))));
  }
  const first = docs[0];
  const outcome =
    first && first.doc.kind === 'ensemble'
      ? sampleFromEnsemble(given, first.file, first.doc, stats)
      : sampleFromRuns(given, docs as { file: string; doc: RunResult }[], stats);
  if (!outcome.ok) reader.fail(problemIssues(reader, outcome.problems));
  return outcome.sample;
}

/** Reads one result file of any kind (a folder is a usage error here). */
export function loadResult(reader: SourceReader, cwd: string, given: string): { file: string; doc: ResultDocument } {
  const path = resolve(cwd, given);
  if (isFolder(path)) throw new UsageError(`${given} is a folder; give one result file`);
  return readResults(reader, path)[0]!;
}
