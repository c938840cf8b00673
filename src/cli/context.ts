import type { Env, OnProgress } from '../app/env.js';
import type { PartialDone } from '../app/shard.js';
import type { DesignRunDone } from '../app/factorRuns.js';
import { FAILURE_CODES, type Issue } from '../input/issues.js';
import { nodeEnv } from '../node/env.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';
import { formatIssues } from './present.js';
import { createProgress } from './progress.js';

/** What a command works with: the streams, the use cases' Node surroundings, and the texts of every file read (to quote the offending line). */
export interface Context {
  readonly io: CliIo;
  readonly env: Env;
  readonly texts: ReadonlyMap<string, string>;
}

export function contextOf(io: CliIo): Context {
  const texts = new Map<string, string>();
  return { io, env: nodeEnv(io.cwd, texts), texts };
}

/** Prints issues (warnings included) on stderr, located and with the offending line where they have one. */
export function printIssues(ctx: Context, issues: readonly Issue[]): void {
  if (issues.length) ctx.io.stderr(formatIssues(issues, ctx.texts, ctx.env.files.shown));
}

/** Prints a failed use case's issues and returns its exit status: 1 for a failure of a run, 2 for a mistake in the input. */
export function failed(ctx: Context, issues: readonly Issue[]): number {
  printIssues(ctx, issues);
  return issues.some((i) => i.severity === 'error' && FAILURE_CODES.includes(i.code)) ? EXIT_FAILURE : EXIT_USAGE;
}

/**
 * A progress bar for long work, shown only on a terminal and without --quiet (drawn
 * from the first report, which gives the total); `finish` ends its line.
 */
export function progressOf(ctx: Context, label: string, quiet: boolean, now: () => number): { onProgress: OnProgress; finish: () => void } {
  let bar: ReturnType<typeof createProgress> | undefined;
  return {
    onProgress: (done, total) => (bar ??= createProgress(ctx.io.isTTY && !quiet, label, total, ctx.io.stderr, now, ctx.io.columns)).tick(done),
    finish: () => bar?.done(),
  };
}

/** Prints where a shard's partial file went and what it covers; exit 0. */
export function partialWritten(ctx: Context, r: PartialDone, jobs: string): number {
  ctx.io.stdout(`${r.written}\n`);
  ctx.io.stderr(`shard ${r.shard.index} of ${r.shard.count}: ${jobs} ${r.jobs.first + 1} to ${r.jobs.end} of ${r.jobs.total} (by position); merge the partials with mvsim merge\n`);
  return EXIT_OK;
}

/** What `sensitivity` and `robustness` print once their design has run: a shard's partial, or the notes, the file and (unless quiet) their tables. */
export function designRunWritten<R>(ctx: Context, r: DesignRunDone<R> | PartialDone, quiet: boolean, tables: (result: R) => string): number {
  printIssues(ctx, r.warnings);
  if ('partial' in r) return partialWritten(ctx, r, 'design points');
  for (const n of r.notes) ctx.io.stderr(`note: ${n}\n`);
  ctx.io.stdout(`${r.written}\n`);
  if (!quiet) ctx.io.stdout(tables(r.result));
  return EXIT_OK;
}
