import { runOne, type RunArgs } from '../../app/run.js';
import { failed, printIssues, type Context } from '../context.js';
import { EXIT_OK } from '../io.js';

/** `mvsim run` with one seed: the result file (and a state file with --checkpoint-at), or a continued state (--from-state). */
export function runCommand(ctx: Context, args: RunArgs): number {
  const r = runOne(ctx.env, args);
  if (!r.ok) return failed(ctx, r.issues);
  printIssues(ctx, r.warnings);
  ctx.io.stdout(r.written.map((w) => `${w}\n`).join(''));
  return EXIT_OK;
}
