import { mergePartials, type MergeArgs } from '../../app/merge.js';
import { failed, printIssues, progressOf, type Context } from '../context.js';
import { EXIT_OK } from '../io.js';

export interface MergeCliArgs extends MergeArgs {
  readonly quiet: boolean;
  /** Milliseconds, for the progress bar's rate and ETA only (never in results). */
  readonly now: () => number;
}

/** `mvsim merge`: the partial files of a sharded command into the file one machine would have written. */
export async function mergeCommand(ctx: Context, args: MergeCliArgs): Promise<number> {
  const progress = progressOf(ctx, `merging ${args.partials.join(' ')}`, args.quiet, args.now);
  const r = await mergePartials(ctx.env, args, progress.onProgress);
  progress.finish();
  if (!r.ok) return failed(ctx, r.issues);
  printIssues(ctx, r.warnings);
  ctx.io.stdout(`${r.written}\n`);
  const verified = r.verified.length ? `; ${r.verified.length} job${r.verified.length > 1 ? 's' : ''} run again here matched the partials bit for bit` : '';
  ctx.io.stderr(`merged ${r.shards} shard${r.shards > 1 ? 's' : ''} of mvsim ${r.command} (${r.jobs} jobs)${verified}\n`);
  return EXIT_OK;
}
