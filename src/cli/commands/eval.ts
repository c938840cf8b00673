import { evalLine } from '../../app/eval.js';
import type { Context } from '../context.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../io.js';

/**
 * `mvsim eval`: one job a line on standard input (JSON), one result line per job on
 * standard output, in order, each written as soon as its run ends — for engines that
 * call a model as a function (GNU parallel, Spark's pipe(), OpenMOLE's SystemExecTask).
 * Blank lines are skipped. A bad line gets an `"ok": false` line and the rest go on;
 * exit 2 if any line was a mistake, else 1 if any run failed.
 */
export async function evalCommand(ctx: Context, args: { calibration?: string | undefined }): Promise<number> {
  const lines = ctx.io.stdinLines?.();
  if (!lines) {
    ctx.io.stderr('mvsim eval reads jobs on standard input, one JSON object a line\n');
    return EXIT_USAGE;
  }
  let n = 0;
  let mistakes = 0;
  let failures = 0;
  for await (const text of lines) {
    n++;
    if (!text.trim()) continue;
    const answer = evalLine(ctx.env, text, n, args.calibration);
    if (!answer.ok) {
      if (answer.input) mistakes++;
      else failures++;
    }
    ctx.io.stdout(`${JSON.stringify(answer)}\n`);
  }
  return mistakes ? EXIT_USAGE : failures ? EXIT_FAILURE : EXIT_OK;
}
