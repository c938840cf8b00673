import type { Issue, Outcome } from '../input/issues.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { ENGINE_VERSION } from '../results/engineVersion.js';
import { encodeJobValue, PARTIAL_SCHEMA_VERSION, shardJobs, type PartialDocument, type ShardableCommand, type ShardSpec } from '../results/partialDocument.js';
import type { TaskName, TaskResult } from '../runner/tasks.js';
import { withReads, type Env, type TaskRun } from './env.js';
import { writeAll } from './write.js';

/** A shard to run, as asked for: which one, and the command line that asked (to print how to re-run another shard). */
export interface ShardArgs extends ShardSpec {
  readonly commandLine: readonly string[];
}

/**
 * Job results that come from partial files instead of worker threads (a merge): the
 * result of every job, by index; `verify` lists the jobs to run here again and check
 * against their partials first.
 */
export interface Replay {
  readonly total: number;
  /** Job `index`'s recorded result, or why it cannot be had (its file changed since it was checked). */
  result(index: number): Outcome<{ value: unknown }>;
  readonly verify: readonly number[];
}

/** What a shard wrote: its partial file, its share of the jobs. */
export interface PartialDone {
  readonly partial: true;
  readonly written: string;
  readonly shard: ShardSpec;
  readonly jobs: { readonly first: number; readonly end: number; readonly total: number };
  readonly warnings: readonly Issue[];
}

/** How the jobs ran: all of them here (or replayed), or this shard's share, with the results to write. */
export type JobsRan<T extends TaskName> =
  | { readonly ok: false; readonly issues: readonly Issue[] }
  | { readonly ok: true; readonly shard?: { readonly first: number; readonly end: number; readonly results: TaskResult<T>[] } };

/** Fields of a job result that are files a shard writes itself (`--keep-runs`, checkpoints), not part of what a merge folds. */
const SIDE_FILES = ['runJson', 'stateJson'];
const folded = (r: unknown): unknown => (r !== null && typeof r === 'object' && SIDE_FILES.some((k) => k in r) ? Object.fromEntries(Object.entries(r).filter(([k]) => !SIDE_FILES.includes(k))) : r);

/**
 * Runs a pooled command's jobs: all of them on the pool; with `shard`, only that
 * shard's block (their results delivered to `onResult` under their global index, so
 * per-seed files and progress work as usual, and kept for the partial file); with
 * `replay`, none here except the jobs to verify — every result comes from the
 * partials, in job order, exactly as the pool would have delivered it.
 */
export async function runJobs<T extends TaskName>(env: Env, run: TaskRun<T>, shard: ShardSpec | undefined, replay: Replay | undefined): Promise<JobsRan<T>> {
  if (replay) {
    if (replay.total !== run.jobs.length) return { ok: false, issues: [{ code: 'NOT_A_PARTIAL', severity: 'error', path: ['jobs', 'total'], message: `The partials cover ${replay.total} jobs; this command has ${run.jobs.length}` }] };
    const fresh = new Map<number, unknown>();
    if (replay.verify.length) {
      const ran = await env.pool.run({ ...run, jobs: { length: replay.verify.length, at: (i) => run.jobs.at(replay.verify[i]!) }, onResult: (i, r) => fresh.set(replay.verify[i]!, r) });
      if (!ran.ok) return ran;
    }
    // checked before any result is folded, so a mismatch writes nothing
    const mismatches: string[] = [];
    for (const index of replay.verify) {
      const recorded = replay.result(index);
      if (!recorded.ok) return recorded;
      if (canonicalJson(encodeJobValue(folded(fresh.get(index)))) !== canonicalJson(encodeJobValue(recorded.value))) mismatches.push(`job ${index}`);
    }
    if (mismatches.length) {
      const message = `Verification failed: ${mismatches.length} of the ${replay.verify.length} jobs run again here (${mismatches.join(', ')}, counting from 0 in the command's job order) differ from the partials; the shards did not compute what this machine computes (another build, other inputs, or a fault)`;
      return { ok: false, issues: [{ code: 'VERIFY_MISMATCH', severity: 'error', path: [], message }] };
    }
    for (let index = 0; index < run.jobs.length; index++) {
      const recorded = replay.result(index);
      if (!recorded.ok) return recorded;
      run.onResult(index, recorded.value as TaskResult<T>);
    }
    return { ok: true };
  }
  if (!shard) return env.pool.run(run);
  const { first, end } = shardJobs(run.jobs.length, shard);
  const results: TaskResult<T>[] = [];
  const ran = await env.pool.run({
    ...run,
    jobs: { length: end - first, at: (i) => run.jobs.at(first + i) },
    onCrash: (i, error) => run.onCrash(first + i, error),
    onResult: (i, r) => {
      results.push(folded(r) as TaskResult<T>);
      run.onResult(first + i, r);
    },
  });
  return ran.ok ? { ok: true, shard: { first, end, results } } : ran;
}

/**
 * An Env that remembers the text of every input file read through it (by absolute
 * path), for the partial file: a merge reads the inputs from there, so it runs where
 * the shards' files are not.
 */
export function recordingEnv(env: Env): { env: Env; inputs: Map<string, string> } {
  const inputs = new Map<string, string>();
  return {
    inputs,
    env: withReads(env, (file, maxBytes, expected, next) => {
      const got = next(file, maxBytes, expected);
      if (got.ok) inputs.set(file, got.text);
      return got;
    }),
  };
}

/** The partial file of shard `index` of `count` beside a command's own output: `x.json` → `x.part-3-of-4.json`. */
export const partialName = (out: string, s: ShardSpec): string => `${out.replace(/\.json$/, '')}.part-${s.index}-of-${s.count}.json`;

/** Arguments that do not decide a command's result file: where it goes and how it runs, and the files each shard writes itself. */
const NOT_RECORDED = new Set(['out', 'force', 'workers', 'shard', 'keepRuns', 'keepSeries', 'checkpointAt', 'checkpointDir', 'quiet', 'now']);
/** Arguments that are paths to input files: recorded absolute, so the merge finds them among the recorded inputs. */
const PATHS = ['scenario', 'calibration', 'against'];

/** A command's arguments as a partial file records them. */
export function recordedArgs(env: Env, args: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (NOT_RECORDED.has(k) || v === undefined) continue;
    out[k] = PATHS.includes(k) && typeof v === 'string' ? env.files.resolve('.', v) : v;
  }
  return out;
}

/** Writes a shard's partial file. */
export function writePartial<T extends TaskName>(
  env: Env,
  what: { command: ShardableCommand; args: object; shard: ShardArgs; inputs: ReadonlyMap<string, string>; total: number; ran: { first: number; end: number; results: TaskResult<T>[] }; whole: string; out: string; force: boolean; warnings: readonly Issue[] },
): Outcome<PartialDone> {
  const doc: PartialDocument = {
    kind: 'partial',
    schemaVersion: PARTIAL_SCHEMA_VERSION,
    engine: { name: 'mvsim', version: ENGINE_VERSION },
    command: what.command,
    args: recordedArgs(env, what.args),
    output: env.files.resolve('.', what.whole),
    inputs: Object.fromEntries([...what.inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, text]) => [path, { sha256: env.sha256(text), text }])),
    commandLine: [...what.shard.commandLine],
    cwd: env.files.resolve('.', '.'),
    shard: { index: what.shard.index, count: what.shard.count },
    jobs: { total: what.total, first: what.ran.first, end: what.ran.end },
    results: what.ran.results.map(encodeJobValue),
  };
  const written = writeAll(env, [{ path: what.out, content: `${canonicalJson(doc)}\n` }], what.force);
  if (!written.ok) return written;
  return { ok: true, partial: true, written: what.out, shard: doc.shard, jobs: doc.jobs, warnings: what.warnings };
}
