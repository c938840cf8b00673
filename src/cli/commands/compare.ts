import type { ComparisonRow, SpreadRow } from '../../analysis/compare.js';
import { describeStat, type Sample } from '../../analysis/samples.js';
import { compareDocument, compareResults, type CompareArgs } from '../../app/compare.js';
import { canonicalJson } from '../../model/canonicalJson.js';
import { failed, type Context } from '../context.js';
import { EXIT_OK } from '../io.js';
import { formatTable } from '../table.js';

export interface CompareCliArgs extends Omit<CompareArgs, 'headline'> {
  /** Every indicator in the table. */
  readonly all: boolean;
  readonly format: 'table' | 'json' | 'csv';
}

/** A number for people: four significant digits, a sign when asked, a dash for "not defined". */
function num(v: number | null, signed = false): string {
  if (v === null) return '—';
  const s = Math.abs(v) >= 1e-4 || v === 0 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
  return signed && v > 0 ? `+${s}` : s;
}

const csvCell = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string => [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

const sampleLine = (tag: string, s: Sample): string => `${tag}: "${s.meta.scenario}" — ${s.meta.source === 'ensemble' ? 'ensemble' : s.meta.source === 'runs' ? 'folder of runs' : 'run'} ${s.meta.label}, ${s.seeds.length} seed${s.seeds.length === 1 ? '' : 's'}, ${s.meta.firms} firms`;

function comparisonTable(a: Sample, b: Sample, rows: readonly ComparisonRow[], args: CompareCliArgs, pairingText: string): string {
  const pct = `${Math.round(args.level * 1000) / 10}%`;
  const out = [sampleLine('A', a), sampleLine('B', b), pairingText, `Interval: ${pct} percentile bootstrap, ${args.resamples} resamples, seed ${args.bootstrapSeed}. Effect size: ${args.unpaired ? "Cohen's d" : 'd_z (paired)'}.`, ''];
  for (const stat of [...new Set(rows.map((r) => r.statistic))]) {
    out.push(`${describeStat(stat)}:`);
    out.push(
      formatTable(
        ['indicator', 'A mean', 'B mean', 'A − B', `${pct} CI`, 'effect', 'P(A>B)'],
        rows.filter((r) => r.statistic === stat).map((r) => [r.indicator, num(r.meanA), num(r.meanB), num(r.difference, true), `[${num(r.ciLow, true)}, ${num(r.ciHigh, true)}]`, num(r.effectSize, true), num(r.pAGreater)]),
      ),
    );
    out.push('');
  }
  return out.join('\n');
}

function spreadTable(s: Sample, rows: readonly SpreadRow[]): string {
  const out = [sampleLine('Spread across seeds of', s), 'Quantiles are exact (linear interpolation, R type 7); sd is the sample sd.', ''];
  for (const stat of [...new Set(rows.map((r) => r.statistic))]) {
    out.push(`${describeStat(stat)}:`);
    out.push(
      formatTable(
        ['indicator', 'n', 'mean', 'sd', 'min', 'p5', 'p25', 'p50', 'p75', 'p95', 'max'],
        rows.filter((r) => r.statistic === stat).map((r) => [r.indicator, String(r.n), num(r.mean), num(r.sd), num(r.min), num(r.p5), num(r.p25), num(r.p50), num(r.p75), num(r.p95), num(r.max)]),
      ),
    );
    out.push('');
  }
  return out.join('\n');
}

/** `mvsim compare A [B]`: the spread of one result across seeds, or A against B, paired by seed unless --unpaired. */
export function compareCommand(ctx: Context, args: CompareCliArgs): number {
  const r = compareResults(ctx.env, { ...args, headline: !args.all && args.format === 'table' });
  if (!r.ok) return failed(ctx, r.issues);
  const done = r.done;
  const out = ctx.io.stdout;
  if (args.format === 'json') out(`${canonicalJson(compareDocument(done, args), 1)}\n`);
  else if (done.kind === 'spread') {
    // which scenario and file each row is about, so tables of several comparisons can be stacked
    const m = done.sample.meta;
    if (args.format === 'csv') out(csv(['scenario', 'file', 'indicator', 'statistic', 'n', 'mean', 'sd', 'min', 'p5', 'p25', 'p50', 'p75', 'p95', 'max'], done.rows.map((r) => [m.scenario, m.label, r.indicator, r.statistic, r.n, r.mean, r.sd, r.min, r.p5, r.p25, r.p50, r.p75, r.p95, r.max])));
    else out(spreadTable(done.sample, done.rows));
  } else if (args.format === 'csv') {
    out(
      csv(
        ['scenario_a', 'file_a', 'scenario_b', 'file_b', 'indicator', 'statistic', 'n_a', 'n_b', 'mean_a', 'mean_b', 'difference', 'ci_low', 'ci_high', 'effect_size', 'p_a_greater'],
        done.rows.map((r) => [done.a.meta.scenario, done.a.meta.label, done.b.meta.scenario, done.b.meta.label, r.indicator, r.statistic, r.nA, r.nB, r.meanA, r.meanB, r.difference, r.ciLow, r.ciHigh, r.effectSize, r.pAGreater]),
      ),
    );
  } else {
    const { pairing } = done;
    const pairingText = pairing.paired
      ? `Paired by seed on ${pairing.seeds} common seed${pairing.seeds === 1 ? '' : 's'}${pairing.onlyInA || pairing.onlyInB ? ` (left out: ${pairing.onlyInA} only in A, ${pairing.onlyInB} only in B)` : ''}.`
      : `Unpaired: A and B treated as independent samples.`;
    out(comparisonTable(done.a, done.b, done.rows, args, pairingText));
  }
  return EXIT_OK;
}
