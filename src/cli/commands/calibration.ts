import { calibrationReport } from '../../app/validate.js';
import { failed, type Context } from '../context.js';
import { EXIT_OK } from '../io.js';

/** `mvsim calibration`: each documented figure, its source and quote, and what the model reproduces at the start. */
export function calibrationCommand(ctx: Context, args: { json: boolean; assumptions: boolean; calibration?: string | undefined }): number {
  const r = calibrationReport(ctx.env, args.calibration);
  if (!r.ok) return failed(ctx, r.issues);
  const { sha256, figures, assumptions, tolerance } = r;
  if (args.json) {
    ctx.io.stdout(`${JSON.stringify({ sha256, figures, assumptions, tolerance }, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = [`Calibration ${sha256.slice(0, 12)}: ${figures.length} documented figures, ${assumptions.length} assumptions`, ''];
  for (const f of figures) {
    const model = f.modelValue === null ? 'used as input' : `model at start ${fmt(f.modelValue)} (${f.reproducedBy}, ${f.withinTolerance ? 'reproduced' : 'NOT reproduced'})`;
    lines.push(`${f.id} = ${fmt(f.value)} ${f.unit}`, `  documented ${fmt(f.documentedValue)} (${f.year}) in ${f.source}`, `  "${f.quote}"`, `  ${model}`, '');
  }
  if (args.assumptions) {
    lines.push('Assumptions (value, plausible range):');
    for (const a of assumptions) lines.push(`  ${a.id} = ${fmt(a.value)} [${fmt(a.range[0])}, ${fmt(a.range[1])}] ${a.unit}: ${a.rationale}`);
  } else lines.push('Pass --assumptions to list the assumptions with their rationale and range.');
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : String(Number(v.toPrecision(6))));
