import { writeReport, type ReportArgs } from '../../app/report.js';
import { failed, type Context } from '../context.js';
import { EXIT_OK } from '../io.js';

/** `mvsim report`: one self-contained HTML file with charts and explanations of the given results. */
export async function reportCommand(ctx: Context, args: ReportArgs): Promise<number> {
  const r = await writeReport(ctx.env, args);
  if (!r.ok) return failed(ctx, r.issues);
  ctx.io.stdout(`${r.written}\n`);
  return EXIT_OK;
}
