import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { formatPath, type Issue, type IssueCode } from './issues.js';
import { didYouMean } from './suggest.js';

/** A parsed YAML file: its text, its document (for locations) and its plain value. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly value: Record<string, unknown>;
}

/** The most aliases a document may expand; beyond this it is treated as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

type Parsed = { readonly ok: true; readonly source: YamlSource } | { readonly ok: false; readonly issues: Issue[] };

const issueAt = (file: string, code: IssueCode, lines: LineCounter | undefined, offset: number, path: (string | number)[], message: string, suggestion?: string): Issue => {
  const pos = lines ? lines.linePos(offset) : { line: 1, col: 1 };
  return { code, severity: 'error', file, line: pos.line, column: pos.col, path, message, ...(suggestion ? { suggestion } : {}) };
};

/** Parses YAML text into a mapping, reporting syntax errors, duplicate keys, alias bombs and non-mapping documents. */
export function parseYaml(file: string, text: string): Parsed {
  if (text.trim() === '') return { ok: false, issues: [issueAt(file, 'EMPTY_FILE', undefined, 0, [], 'The file is empty: expected a mapping such as "name: my-scenario"')] };
  const lines = new LineCounter();
  const tooDeep = (offset: number): Parsed => ({ ok: false, issues: [issueAt(file, 'NESTING_TOO_DEEP', lines, offset, [], `Nesting too deep: more than ${MAX_NESTING} levels of lists and mappings inside each other; a scenario needs no more than a few`)] });
  let doc: Document.Parsed;
  try {
    // the yaml package's own duplicate-key check compares every key with every other (20,000 keys took 4 s); duplicates are found below with a set per mapping
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, strict: true });
  } catch (e) {
    if (e instanceof RangeError) return tooDeep(0);
    throw e;
  }
  if (doc.errors.length > 0) {
    const deep = doc.errors.find((e) => /call stack/i.test(e.message));
    if (deep) return tooDeep(deep.pos[0]);
    return {
      ok: false,
      issues: doc.errors.map((e) =>
        issueAt(file, e.code === 'DUPLICATE_KEY' ? 'DUPLICATE_KEY' : 'YAML_SYNTAX', lines, e.pos[0], [], e.code === 'DUPLICATE_KEY' ? 'Duplicate key: each key may appear once in a mapping' : `YAML syntax error: ${firstLine(e.message)}`),
      ),
    };
  }
  // unknown tags (!!js/function …) and directives are warnings to the yaml package, which then ignores them: refuse them, a scenario needs neither
  if (doc.warnings.length > 0) return { ok: false, issues: doc.warnings.slice(0, 20).map((w) => issueAt(file, 'YAML_SYNTAX', lines, w.pos[0], [], `YAML not allowed here: ${firstLine(w.message)}`)) };
  let duplicates: Issue[];
  try {
    duplicates = duplicateKeys(file, doc, lines);
  } catch (e) {
    if (e instanceof RangeError) return tooDeep(0);
    throw e;
  }
  if (duplicates.length) return { ok: false, issues: duplicates };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) return tooDeep(0);
    let offset = 0;
    visit(doc, { Alias: (_k, node) => ((offset = node.range?.[0] ?? 0), visit.BREAK) });
    return { ok: false, issues: [issueAt(file, 'ALIAS_LIMIT', lines, offset, [], `Too many alias expansions (more than ${MAX_ALIAS_COUNT}): ${e instanceof Error ? firstLine(e.message) : 'refused'}`)] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
    const got = value === null ? 'nothing' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return { ok: false, issues: [issueAt(file, 'NOT_A_MAPPING', lines, offset, [], `The document must be a mapping of keys to values, got ${got}`)] };
  }
  const source: YamlSource = { file, text, doc, lines, value: value as Record<string, unknown> };
  // The same limit whatever the stack: a parser that happened to survive must not hand a 900-level value to the checks.
  for (const [key, v] of Object.entries(source.value)) {
    if (depthOf(v) > MAX_NESTING) {
      const at = locate(source, [key], true);
      return { ok: false, issues: [{ code: 'NESTING_TOO_DEEP', severity: 'error', file, line: at.line, column: at.column, path: [key], message: `Nesting too deep under ${key}: more than ${MAX_NESTING} levels of lists and mappings inside each other; a scenario needs no more than a few` }] };
    }
  }
  return { ok: true, source };
}

/** Keys that appear twice in one mapping, anywhere in the document (the first 20): one set per mapping, linear in the keys. */
function duplicateKeys(file: string, doc: Document.Parsed, lines: LineCounter): Issue[] {
  const out: Issue[] = [];
  visit(doc, {
    Map: (_k, map) => {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!seen.has(key)) seen.add(key);
        else if (out.length < 20) out.push(issueAt(file, 'DUPLICATE_KEY', lines, (pair.key as Node | null)?.range?.[0] ?? 0, [], 'Duplicate key: each key may appear once in a mapping'));
      }
    },
  });
  return out;
}

/** The deepest nesting of lists and mappings a document may have. */
export const MAX_NESTING = 32;

/** How deep lists and mappings nest in a value (0 for a scalar), without recursion. */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d + 1);
    if (max > MAX_NESTING) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

const firstLine = (s: string): string => s.split('\n')[0] ?? s;

/** Line and column of the deepest node that exists along `path` (the key itself when `key` is true). */
export function locate(src: YamlSource, path: readonly (string | number)[], key = false): { line: number; column: number } {
  let node: unknown = src.doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isAlias(node)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      offset = (key && seg === path[path.length - 1] ? (pair.key as Node).range?.[0] : (pair.value as Node | null)?.range?.[0] ?? (pair.key as Node).range?.[0]) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const pos = src.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** A located issue at `path` in a parsed source. */
export function issueIn(src: YamlSource, code: IssueCode, path: (string | number)[], message: string, opts: { key?: boolean; suggestion?: string | undefined; severity?: 'error' | 'warning' } = {}): Issue {
  const { line, column } = locate(src, path, opts.key ?? false);
  return { code, severity: opts.severity ?? 'error', file: src.file, line, column, path, message, ...(opts.suggestion ? { suggestion: opts.suggestion } : {}) };
}

/** Keys a strict object schema accepts at `path`, for "did you mean" (unions contribute all their options' keys). */
export function keysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  const walk = (s: unknown, rest: readonly (string | number)[]): string[] => {
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return [];
    switch (def['type']) {
      case 'optional':
      case 'default':
      case 'nullable':
      case 'readonly':
        return walk(def['innerType'], rest);
      case 'pipe':
        return walk(def['in'], rest);
      case 'union':
        return [...new Set((def['options'] as unknown[]).flatMap((o) => walk(o, rest)))];
      case 'array':
        return rest.length ? walk(def['element'], rest.slice(1)) : [];
      case 'object': {
        const shape = def['shape'] as Record<string, unknown>;
        if (!rest.length) return Object.keys(shape);
        const head = rest[0];
        return typeof head === 'string' && head in shape ? walk(shape[head], rest.slice(1)) : [];
      }
      default:
        return [];
    }
  };
  return walk(schema, path);
}

/** Unknown keys listed one by one in one mapping; the rest are counted (locating each is a walk of the document). */
const MAX_KEYS_LISTED = 20;

/** Converts zod's issues into located, explained issues, with "did you mean" where a key or option is misspelt. */
export function zodIssues(src: YamlSource, schema: z.ZodType, issues: readonly z.core.$ZodIssue[], eventsPath = 'events'): Issue[] {
  const out: Issue[] = [];
  for (const zi of issues) {
    const path = zi.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const where = formatPath(path);
    switch (zi.code) {
      case 'unrecognized_keys': {
        const known = keysAt(schema, path);
        for (const k of zi.keys.slice(0, MAX_KEYS_LISTED)) {
          const guess = didYouMean(k, known);
          out.push(issueIn(src, 'UNKNOWN_KEY', [...path, k], `Unknown key "${k}" in ${where}: expected one of ${known.join(', ')}`, { key: true, suggestion: guess }));
        }
        if (zi.keys.length > MAX_KEYS_LISTED) out.push(issueIn(src, 'UNKNOWN_KEY', path, `…and ${zi.keys.length - MAX_KEYS_LISTED} more unknown keys in ${where}`));
        break;
      }
      case 'invalid_union': {
        const u = zi as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
        if (u.discriminator && u.options) {
          const options = u.options.map(String);
          const got = valueAt(src.value, path);
          const isEvent = path[0] === eventsPath;
          if (got === undefined) out.push(issueIn(src, 'MISSING_FIELD', path, `Missing required field ${where}: expected one of ${options.join(', ')}`));
          else out.push(issueIn(src, isEvent ? 'UNKNOWN_EVENT_TYPE' : 'INVALID_VALUE', path, `${isEvent ? 'Unknown event type' : 'Invalid value'} ${JSON.stringify(got)} at ${where}: expected one of ${options.join(', ')}`, { suggestion: typeof got === 'string' ? didYouMean(got, options) : undefined }));
        } else out.push(issueIn(src, 'INVALID_VALUE', path, `Invalid value at ${where}: ${zi.message}`));
        break;
      }
      case 'invalid_type': {
        const got = valueAt(src.value, path);
        if (got === undefined) out.push(issueIn(src, 'MISSING_FIELD', path, `Missing required field ${where}: expected ${zi.expected}`));
        else out.push(issueIn(src, 'INVALID_TYPE', path, `Wrong type at ${where}: expected ${zi.expected === 'int' ? 'an integer' : zi.expected}, got ${describe(got)}`));
        break;
      }
      case 'too_small':
      case 'too_big': {
        const got = valueAt(src.value, path);
        const bound = zi.code === 'too_small' ? `at least ${String(zi.minimum)}` : `at most ${String(zi.maximum)}`;
        const what = zi.origin === 'array' ? 'items' : zi.origin === 'string' ? 'characters' : '';
        out.push(issueIn(src, 'OUT_OF_RANGE', path, `Out of range at ${where}: expected ${bound}${what ? ` ${what}` : ''}, got ${describe(got)}`));
        break;
      }
      case 'invalid_value': {
        const got = valueAt(src.value, path);
        const options = zi.values.map(String);
        if (got === undefined) out.push(issueIn(src, 'MISSING_FIELD', path, `Missing required field ${where}: expected one of ${options.join(', ')}`));
        else out.push(issueIn(src, 'INVALID_VALUE', path, `Invalid value ${JSON.stringify(got)} at ${where}: expected one of ${options.join(', ')}`, { suggestion: typeof got === 'string' ? didYouMean(got, options) : undefined }));
        break;
      }
      default:
        out.push(issueIn(src, 'INVALID_VALUE', path, `Invalid value at ${where}: ${zi.message}`));
    }
  }
  return out;
}

/** The plain value at `path`, or undefined. */
export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' && !Number.isFinite(v)) return `${String(v)}, which is not a finite number`;
  return `${typeof v} ${String(v)}`;
}
