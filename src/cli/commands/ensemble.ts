import { continueEnsemble, runEnsemble, type ContinueEnsembleArgs } from '../../app/ensemble.js';
import { plainIssue } from '../../input/issues.js';
import { failed, partialWritten, printIssues, progressOf, type Context } from '../context.js';
import { EXIT_FAILURE, EXIT_OK } from '../io.js';
import { parseSeedList } from '../seedList.js';

export interface EnsembleCliArgs extends Omit<ContinueEnsembleArgs, 'seeds' | 'fromState'> {
  /** The seed list as typed, e.g. 1..1000; with `fromState`, optional (default: every state's seed). */
  readonly seeds?: string | undefined;
  /** A folder of states to continue, instead of running the seeds from the scenario's start. */
  readonly fromState?: string | undefined;
  readonly quiet: boolean;
  /** Milliseconds, for the progress bar's rate and ETA only (never in results). */
  readonly now: () => number;
}

/**
 * `mvsim run --seeds` (one run per seed, optionally saving each seed's state) or
 * `mvsim run --from-state DIR` (continuing a folder of states): on worker threads,
 * aggregated in seed order into one ensemble file.
 */
export async function ensembleCommand(ctx: Context, args: EnsembleCliArgs): Promise<number> {
  const parsed = args.seeds === undefined ? undefined : parseSeedList(args.seeds);
  if (parsed && !parsed.ok) return failed(ctx, parsed.issues);
  const seeds = parsed?.seeds;
  const workers = args.workers ?? ctx.env.pool.defaultWorkers;
  const what = seeds ? `${seeds.length} seeds` : `the states in ${args.fromState}`;
  const progress = progressOf(ctx, `${args.scenario}: ${what} on ${workers} workers`, args.quiet, args.now);
  const r =
    args.fromState !== undefined
      ? await continueEnsemble(ctx.env, { ...args, fromState: args.fromState, seeds, workers }, progress.onProgress)
      : seeds !== undefined
        ? await runEnsemble(ctx.env, { ...args, seeds, workers }, progress.onProgress)
        : { ok: false as const, issues: [plainIssue('INVALID_OPTION', 'An ensemble needs --seeds, or --from-state DIR')] };
  progress.finish();
  if (!r.ok) return failed(ctx, r.issues);
  printIssues(ctx, r.warnings);
  if ('partial' in r) return partialWritten(ctx, r, 'seeds');
  for (const f of r.failures) ctx.io.stderr(`seed ${f.seed} failed: ${f.error}\n`);
  ctx.io.stdout(`${r.written}\n`);
  if (r.failures.length > 0) {
    ctx.io.stderr(`${r.failures.length} of ${r.requested} seeds failed (listed above and under "failures" in ${r.written}); statistics cover the ${r.requested - r.failures.length} that completed.\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
