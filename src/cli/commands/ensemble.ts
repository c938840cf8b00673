import { runEnsemble, type EnsembleArgs } from '../../app/ensemble.js';
import { failed, printIssues, progressOf, type Context } from '../context.js';
import { EXIT_FAILURE, EXIT_OK } from '../io.js';
import { parseSeedList } from '../seedList.js';

export interface EnsembleCliArgs extends Omit<EnsembleArgs, 'seeds'> {
  /** The seed list as typed, e.g. 1..1000. */
  readonly seeds: string;
  readonly quiet: boolean;
  /** Milliseconds, for the progress bar's rate and ETA only (never in results). */
  readonly now: () => number;
}

/** `mvsim run --seeds`: one run per seed on worker threads, aggregated in seed order into one ensemble file. */
export async function ensembleCommand(ctx: Context, args: EnsembleCliArgs): Promise<number> {
  const parsed = parseSeedList(args.seeds);
  if (!parsed.ok) return failed(ctx, parsed.issues);
  const seeds = parsed.seeds;
  const workers = args.workers ?? ctx.env.pool.defaultWorkers;
  const progress = progressOf(ctx, `${args.scenario}: ${seeds.length} seeds on ${workers} workers`, args.quiet, args.now);
  const r = await runEnsemble(ctx.env, { ...args, seeds, workers }, progress.onProgress);
  progress.finish();
  if (!r.ok) return failed(ctx, r.issues);
  printIssues(ctx, r.warnings);
  for (const f of r.failures) ctx.io.stderr(`seed ${f.seed} failed: ${f.error}\n`);
  ctx.io.stdout(`${r.written}\n`);
  if (r.failures.length > 0) {
    ctx.io.stderr(`${r.failures.length} of ${r.requested} seeds failed (listed above and under "failures" in ${r.written}); statistics cover the ${r.requested - r.failures.length} that completed.\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
