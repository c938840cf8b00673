import type { z } from 'zod';
import type { Issue, IssueCode } from '../input/issues.js';
import { parseYaml, zodIssues } from '../input/yamlSource.js';
import { EnsembleResultSchema, type EnsembleResult } from './ensembleResult.js';
import { RunResultSchema, type RunResult } from './runResult.js';
import { SweepResultSchema, type SweepResult } from './sweepResult.js';
import { RobustnessResultSchema, type RobustnessResult } from './robustnessResult.js';
import { SensitivityResultSchema, type SensitivityResult } from './sensitivityResult.js';
import { contentProblems, MAX_CONTENT_PROBLEMS, sweepProblems } from './resultContent.js';

export type ResultDocument = RunResult | EnsembleResult | SweepResult;

/** Result files up to this size get line and column for schema problems (locating needs a full YAML parse, which is slow on big files). */
const LOCATE_LIMIT = 4 * 1024 * 1024;

/** Line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Line of a top-level key in a result file as mvsim writes it (one-space indent, so
 * top-level keys start their line with one space); 1 when absent.
 */
export function topLevelKeyLine(text: string, key: string): number {
  const at = text.indexOf(`\n "${key}":`);
  return at < 0 ? 1 : lineColumn(text, at + 1).line;
}

/** Whether a prefix of a JSON text already has a syntax error before its end (not merely an unfinished value). */
function failsBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    const pos = /position (\d+)/.exec(message);
    if (pos) return Number(pos[1]) < prefix.length;
    return !/end of JSON input/.test(message);
  }
}

/**
 * Where a JSON text first goes wrong, for the parser messages that give no position
 * (Node 20 says only "Unexpected token" for some): the shortest prefix that already
 * fails before its end ends at the offending character. Prefixes fail monotonically,
 * so a binary search finds it in O(log n) parses.
 */
function syntaxErrorOffset(text: string): number {
  if (!failsBeforeEnd(text)) return text.length;
  let ok = 0;
  let bad = text.length;
  while (bad - ok > 1) {
    const mid = (ok + bad) >> 1;
    if (failsBeforeEnd(text.slice(0, mid))) bad = mid;
    else ok = mid;
  }
  return bad - 1;
}

/** At most this many schema problems are located and listed; the rest are counted. */
const MAX_LOCATED = 20;

/** A located problem in a result or state file. */
export const issue = (file: string, code: IssueCode, line: number, column: number, path: (string | number)[], message: string): Issue => ({ code, severity: 'error', file, line, column, path, message });

/**
 * Parses a JSON document of mvsim's and checks it against the schema its `kind`
 * names; problems come back as located issues (code `code`, "Not a valid <kind> <what>").
 */
export function parseDocument<T>(file: string, text: string, schemas: Readonly<Record<string, z.ZodType<T>>>, code: IssueCode, what: string): { ok: true; doc: T } | { ok: false; issues: Issue[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const { line, column } = lineColumn(text, pos ? Number(pos[1]) : syntaxErrorOffset(text));
    return { ok: false, issues: [issue(file, 'JSON_SYNTAX', line, column, [], `Not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')}`)] };
  }
  const kind = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['kind'] : undefined;
  const schema = typeof kind === 'string' && Object.hasOwn(schemas, kind) ? schemas[kind] : undefined;
  if (!schema) {
    const kinds = Object.keys(schemas).map((k) => JSON.stringify(k));
    const expected = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}` : kinds[0];
    return { ok: false, issues: [issue(file, code, topLevelKeyLine(text, 'kind'), 1, ['kind'], `Not an mvsim ${what}: expected "kind": ${expected}, got ${JSON.stringify(kind) ?? 'nothing'}`)] };
  }
  const checked = schema.safeParse(value);
  if (checked.success) return { ok: true, doc: checked.data };
  // "run result", "ensemble result"; a state is just a state.
  const label = kind === what ? what : `${String(kind)} ${what}`;
  const first = checked.error.issues.slice(0, MAX_LOCATED);
  const more = checked.error.issues.length - first.length;
  const tail: Issue[] = more > 0 ? [issue(file, code, 1, 1, [], `Not a valid ${label}: …and ${more} more problems`)] : [];
  if (text.length <= LOCATE_LIMIT) {
    const src = parseYaml(file, text);
    if (src.ok) return { ok: false, issues: [...zodIssues(src.source, schema, first).map((i) => ({ ...i, code, message: `Not a valid ${label}: ${i.message}` })), ...tail] };
  }
  return {
    ok: false,
    issues: [
      ...first.map((zi) => {
        const path = zi.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        return issue(file, code, typeof path[0] === 'string' ? topLevelKeyLine(text, path[0]) : 1, 1, path, `Not a valid ${label}: ${zi.message}`);
      }),
      ...tail,
    ],
  };
}

/** The schema of each kind of result file, by its `kind`. */
export const RESULT_SCHEMAS: Readonly<Record<string, z.ZodType<ResultDocument>>> = { run: RunResultSchema, ensemble: EnsembleResultSchema, sweep: SweepResultSchema };

/** A parsed result with its content checked (runs, ensembles and sweeps; the other kinds have no checks beyond their schema). */
export function checkResult<T extends ReportableDocument>(file: string, text: string, doc: T): { ok: true; doc: T } | { ok: false; issues: Issue[] } {
  const problems = doc.kind === 'sweep' ? sweepProblems(doc) : doc.kind === 'run' || doc.kind === 'ensemble' ? contentProblems(doc) : [];
  if (!problems.length) return { ok: true, doc };
  const label = `${doc.kind} result`;
  return {
    ok: false,
    issues: problems.map((p) => issue(file, 'NOT_A_RESULT', typeof p.path[0] === 'string' ? topLevelKeyLine(text, p.path[0]) : 1, 1, [...p.path], `Not a valid ${label}: ${p.message}${problems.length >= MAX_CONTENT_PROBLEMS ? ' (listing stops here)' : ''}`)),
  };
}

/** Parses and checks a run, ensemble or sweep result file; problems come back as located issues. */
export function parseResult(file: string, text: string): { ok: true; doc: ResultDocument } | { ok: false; issues: Issue[] } {
  const parsed = parseDocument(file, text, RESULT_SCHEMAS, 'NOT_A_RESULT', 'result');
  return parsed.ok ? checkResult(file, text, parsed.doc) : parsed;
}

/** A result a report can show: a run, an ensemble, a sweep, a sensitivity analysis or a robustness check. */
export type ReportableDocument = ResultDocument | SensitivityResult | RobustnessResult;

/** Parses and checks any result a report can show. */
export function parseReportable(file: string, text: string): { ok: true; doc: ReportableDocument } | { ok: false; issues: Issue[] } {
  const parsed = parseDocument<ReportableDocument>(file, text, { ...RESULT_SCHEMAS, sensitivity: SensitivityResultSchema, robustness: RobustnessResultSchema }, 'NOT_A_RESULT', 'result');
  return parsed.ok ? checkResult(file, text, parsed.doc) : parsed;
}
