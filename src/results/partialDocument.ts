import { z } from 'zod';
import { decodeFloat64, encodeFloat64 } from '../engine/encoding.js';
import type { Issue } from '../input/issues.js';
import { parseDocument } from './parseResult.js';

/** Version of the partial file format. */
export const PARTIAL_SCHEMA_VERSION = 1;

/** The commands whose jobs can be sharded. */
export const SHARDABLE_COMMANDS = ['run', 'sweep', 'sensitivity', 'robustness'] as const;
export type ShardableCommand = (typeof SHARDABLE_COMMANDS)[number];

const JsonValue: z.ZodType<unknown> = z.unknown();

/**
 * One shard's share of a command (`kind: "partial"`): what `mvsim merge` needs to write
 * the file the whole command would have written on one machine. The manifest says which
 * command, with which arguments and input files (their texts and SHA-256), on which
 * engine; which shard of how many; which jobs it covers. `results` holds each of those
 * jobs' results exactly as a worker thread returned it (typed arrays and non-finite
 * numbers tagged), in job order, so the merge folds every job in the order one machine
 * would.
 */
export const PartialDocumentSchema = z.strictObject({
  kind: z.literal('partial'),
  schemaVersion: z.literal(PARTIAL_SCHEMA_VERSION),
  engine: z.strictObject({ name: z.literal('mvsim'), version: z.string() }),
  command: z.enum(SHARDABLE_COMMANDS),
  /** The command's arguments that decide its result (paths absolute), as the command took them. */
  args: z.record(z.string(), JsonValue),
  /** Every input file the command read, by absolute path. */
  inputs: z.record(z.string(), z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), text: z.string() })),
  /** The file the whole command writes (absolute): where `merge` writes unless told otherwise. */
  output: z.string(),
  /** The command line this shard ran, and its working folder (to print the commands that re-run a missing shard). */
  commandLine: z.array(z.string()),
  cwd: z.string(),
  shard: z.strictObject({ index: z.number().int().min(1), count: z.number().int().min(1) }),
  /** Jobs [first, end) of `total`. */
  jobs: z.strictObject({ total: z.number().int().min(0), first: z.number().int().min(0), end: z.number().int().min(0) }),
  results: z.array(JsonValue),
});
export type PartialDocument = z.infer<typeof PartialDocumentSchema>;

/** Parses a partial file; problems come back as located issues (NOT_A_PARTIAL). */
export function parsePartial(file: string, text: string): { ok: true; doc: PartialDocument } | { ok: false; issues: Issue[] } {
  const parsed = parseDocument(file, text, { partial: PartialDocumentSchema }, 'NOT_A_PARTIAL', 'partial file');
  if (!parsed.ok) return parsed;
  const d = parsed.doc;
  const own = shardJobs(d.jobs.total, d.shard);
  const problem =
    d.shard.index > d.shard.count
      ? `shard ${d.shard.index} of ${d.shard.count}`
      : d.jobs.first !== own.first || d.jobs.end !== own.end
        ? `jobs ${d.jobs.first}..${d.jobs.end} of ${d.jobs.total} are not shard ${d.shard.index} of ${d.shard.count}'s`
        : d.results.length !== d.jobs.end - d.jobs.first
          ? `${d.results.length} results for ${d.jobs.end - d.jobs.first} jobs`
          : undefined;
  return problem ? { ok: false, issues: [{ code: 'NOT_A_PARTIAL', severity: 'error', file, line: 1, column: 1, path: ['jobs'], message: `Not a valid partial file: ${problem}` }] } : parsed;
}

/** Which part of a command's jobs an invocation runs: shard `index` (from 1) of `count`. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/**
 * The jobs [first, end) that shard `index` of `count` runs out of `total`: contiguous
 * blocks in job order whose sizes differ by at most one, so every job is in exactly one
 * shard whatever the count.
 */
export function shardJobs(total: number, s: ShardSpec): { first: number; end: number } {
  return { first: Math.floor(((s.index - 1) * total) / s.count), end: Math.floor((s.index * total) / s.count) };
}

/**
 * A job's result as JSON, exactly: Float64Arrays as `{"$f64": base64 of their
 * little-endian bytes}`, numbers JSON cannot hold (NaN, ±Infinity, -0) as
 * `{"$num": "NaN"}`, undefined fields left out. `decodeJobValue` inverts it.
 */
export function encodeJobValue(v: unknown): unknown {
  if (v instanceof Float64Array) return { $f64: encodeFloat64(v) };
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { $num: Object.is(v, -0) ? '-0' : String(v) };
  if (Array.isArray(v)) return v.map(encodeJobValue);
  if (v !== null && typeof v === 'object') {
    if (ArrayBuffer.isView(v)) throw new TypeError(`A job result holds a ${v.constructor.name}, which a partial file cannot yet carry`);
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, encodeJobValue(x)]));
  }
  return v;
}

/** The job result `encodeJobValue` encoded; throws a RangeError on a tag it does not know. */
export function decodeJobValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeJobValue);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$f64' && typeof o['$f64'] === 'string') {
      const text = o['$f64'];
      const bytes = (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0); // base64's decoded length
      return decodeFloat64(text, Math.floor(bytes / 8), 'a job result');
    }
    if (keys.length === 1 && keys[0] === '$num') {
      const n = ({ NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY, '-0': -0 } as Record<string, number>)[String(o['$num'])];
      if (n === undefined) throw new RangeError(`Unknown number ${JSON.stringify(o['$num'])} in a job result`);
      return n;
    }
    return Object.fromEntries(keys.map((k) => [k, decodeJobValue(o[k])]));
  }
  return v;
}
