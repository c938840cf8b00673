import { calibrationReport, figuresReport } from '../../app/validate.js';
import type { RegisterRow } from '../../calibration/figures.js';
import type { StatisticRow } from '../../calibration/table.js';
import { failed, type Context } from '../context.js';
import { EXIT_OK } from '../io.js';

/**
 * `mvsim calibration`: each documented figure and published statistic, its source and
 * quote, and what the model reproduces at the start; with --figures, the register of
 * every quantitative statement in the source documents instead.
 */
export function calibrationCommand(ctx: Context, args: { json: boolean; assumptions: boolean; figures: boolean; calibration?: string | undefined }): number {
  if (args.figures) return figuresCommand(ctx, args);
  const r = calibrationReport(ctx.env, args.calibration);
  if (!r.ok) return failed(ctx, r.issues);
  const { sha256, figures, statistics, assumptions, tolerance } = r;
  if (args.json) {
    ctx.io.stdout(`${JSON.stringify({ sha256, figures, statistics, assumptions, tolerance }, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = [
    `Calibration ${sha256.slice(0, 12)}: ${figures.length} documented figures, ${statistics.length} statistics, ${assumptions.length} assumptions`,
    `(reproduced means within ${fmt(tolerance * 100)}% of the figure, or ${fmt(tolerance)} where that is larger)`,
    '',
    'Documented figures (calibration/sources/):',
    '',
  ];
  for (const f of figures) {
    lines.push(`${f.id} = ${fmt(f.value)} ${f.unit}${rangeText(f.range)}`, `  documented ${fmt(f.documentedValue)} (${f.year}) in ${f.source}`, `  "${f.quote}"`, `  ${modelText(f)}`, '');
  }
  lines.push('Statistics (published outside the documents):', '');
  for (const s of statistics) lines.push(...statisticLines(s), '');
  if (args.assumptions) {
    lines.push('Assumptions (value, plausible range):');
    for (const a of assumptions) lines.push(`  ${a.id} = ${fmt(a.value)} [${fmt(a.range[0])}, ${fmt(a.range[1])}] ${a.unit}: ${a.rationale}`);
  } else lines.push('Pass --assumptions to list the assumptions with their rationale and range, --figures for every figure in the documents.');
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

function statisticLines(s: StatisticRow): string[] {
  const published = `${fmt(s.documentedValue)} ${s.documentedUnit}`;
  return [
    `${s.id} = ${fmt(s.value)} ${s.unit}${rangeText(s.range)}`,
    `  published ${published} (${s.year}): ${s.source}${s.file ? ` [calibration/data/${s.file}]` : ''}`,
    ...(s.url ? [`  ${s.url}`] : []),
    ...(s.quote ? [`  "${s.quote}"`] : []),
    ...(s.derivation ? [`  derived: ${s.derivation}`] : []),
    `  ${modelText(s)}`,
  ];
}

/** `mvsim calibration --figures`: the register, grouped by document, used or not and why. */
function figuresCommand(ctx: Context, args: { json: boolean; calibration?: string | undefined }): number {
  const r = figuresReport(ctx.env, args.calibration);
  if (!r.ok) return failed(ctx, r.issues);
  const { sha256, register } = r;
  if (args.json) {
    ctx.io.stdout(`${JSON.stringify({ sha256, ...register }, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = [`Figures register ${sha256.slice(0, 12)}: ${register.total} quantitative statements in ${register.documents.length} documents, ${register.used} used, ${register.notUsed} not used`, ''];
  for (const d of register.documents) {
    lines.push(`${d.source}: ${d.total} statements, ${d.used} used`, '');
    for (const f of d.figures) lines.push(...registerLines(f), '');
  }
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

function registerLines(f: RegisterRow): string[] {
  const value = typeof f.value === 'number' ? fmt(f.value) : f.value;
  const uses = [...(f.usedBy ? [`used by ${f.usedBy.join(', ')}`] : []), ...(f.usedIn ? [`used in ${f.usedIn.join(', ')}`] : [])];
  return [
    `  ${f.id} "${f.quote}"`,
    `    ${value}${f.unit ? ` ${f.unit}` : ''}${f.refersTo ? ` (${f.refersTo})` : ''}`,
    `    ${f.used ? uses.join('; ') : `not used: ${f.notUsed}`}`,
    ...(f.note ? [`    note: ${f.note}`] : []),
  ];
}

function modelText(r: { reproducedBy: string | null; modelValue: number | null; withinTolerance: boolean | null }): string {
  return r.modelValue === null ? 'used as input' : `model at start ${fmt(r.modelValue)} (${r.reproducedBy}, ${r.withinTolerance ? 'reproduced' : 'NOT reproduced'})`;
}

const rangeText = (range: readonly [number, number] | null): string => (range ? ` [${fmt(range[0])}, ${fmt(range[1])}]` : '');

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : String(Number(v.toPrecision(6))));
