import { exportTable, type ExportArgs } from '../../app/export.js';
import { failed, type Context } from '../context.js';
import { EXIT_OK } from '../io.js';

/** `mvsim export`: runs and series files as one long table, CSV (to a file or standard output) or Arrow. */
export async function exportCommand(ctx: Context, args: ExportArgs): Promise<number> {
  const r = await exportTable(ctx.env, args);
  if (!r.ok) return failed(ctx, r.issues);
  if ('csv' in r) ctx.io.stdout(r.csv);
  else {
    ctx.io.stdout(`${r.written}\n`);
    ctx.io.stderr(`${r.rows} rows\n`);
  }
  return EXIT_OK;
}
