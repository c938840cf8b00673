import { compareSamples, describeSample, EFFECT_SIZE_METHOD, INTERVAL_METHOD, spreadOf, type ComparisonRow, type SpreadRow } from '../../analysis/compare.js';
import { describeStat, FINAL, incomparabilities, MEAN, type Sample, type StatKey } from '../../analysis/samples.js';
import { didYouMean } from '../../input/suggest.js';
import { HEADLINE_INDICATORS, INDICATOR_NAMES } from '../../model/indicators.js';
import { canonicalJson } from '../../results/runResult.js';
import { SourceReader } from '../inputs.js';
import { EXIT_OK, UsageError, type CliIo } from '../io.js';
import { problemIssues, loadSample } from '../resultInputs.js';
import { formatTable } from '../table.js';

export interface CompareArgs {
  readonly a: string;
  readonly b?: string | undefined;
  readonly months: readonly string[];
  readonly indicators: readonly string[];
  readonly all: boolean;
  readonly format: 'table' | 'json' | 'csv';
  readonly unpaired: boolean;
  readonly resamples: number;
  readonly level: number;
  readonly bootstrapSeed: number;
}

/** The indicators to report: those named (checked), else all for machines and the headline ones for people. */
function chooseIndicators(args: CompareArgs): readonly string[] {
  for (const name of args.indicators) {
    if (!INDICATOR_NAMES.includes(name)) {
      const guess = didYouMean(name, INDICATOR_NAMES);
      throw new UsageError(`--indicator ${name}: no such indicator${guess ? ` (did you mean "${guess}"?)` : ''}; the README lists every indicator`);
    }
  }
  if (args.indicators.length) return [...new Set(args.indicators)];
  return args.all || args.format !== 'table' ? INDICATOR_NAMES : HEADLINE_INDICATORS;
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

function comparisonTable(a: Sample, b: Sample, rows: readonly ComparisonRow[], args: CompareArgs, pairingText: string): string {
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
export function compareCommand(io: CliIo, args: CompareArgs): number {
  const indicators = chooseIndicators(args);
  const stats: StatKey[] = [FINAL, MEAN, ...new Set(args.months)];
  const reader: SourceReader = new SourceReader(io);
  const a = loadSample(reader, io.cwd, args.a, stats);
  if (args.b === undefined) {
    const rows = spreadOf(a, indicators, stats);
    if (args.format === 'json') io.stdout(`${canonicalJson({ kind: 'spread', sample: describeSample(a.meta, a.seeds.length), quantiles: 'exact, linear interpolation (R type 7)', rows }, 1)}\n`);
    else if (args.format === 'csv') io.stdout(csv(['indicator', 'statistic', 'n', 'mean', 'sd', 'min', 'p5', 'p25', 'p50', 'p75', 'p95', 'max'], rows.map((r) => [r.indicator, r.statistic, r.n, r.mean, r.sd, r.min, r.p5, r.p25, r.p50, r.p75, r.p95, r.max])));
    else io.stdout(spreadTable(a, rows));
    return EXIT_OK;
  }
  const b = loadSample(reader, io.cwd, args.b, stats);
  const mismatch = incomparabilities(a.meta, b.meta);
  if (mismatch.length) reader.fail(problemIssues(reader, mismatch));
  const compared = compareSamples(a, b, { paired: !args.unpaired, indicators, stats, resamples: args.resamples, level: args.level, seed: args.bootstrapSeed });
  if (!compared.ok) reader.fail(problemIssues(reader, compared.problems));
  const { pairing, rows } = compared.comparison;
  const pairingText = pairing.paired
    ? `Paired by seed on ${pairing.seeds} common seed${pairing.seeds === 1 ? '' : 's'}${pairing.onlyInA || pairing.onlyInB ? ` (left out: ${pairing.onlyInA} only in A, ${pairing.onlyInB} only in B)` : ''}.`
    : `Unpaired: A and B treated as independent samples.`;
  if (args.format === 'json') {
    const doc = {
      kind: 'comparison',
      a: describeSample(a.meta, a.seeds.length),
      b: describeSample(b.meta, b.seeds.length),
      pairing,
      interval: { method: INTERVAL_METHOD, level: args.level, resamples: args.resamples, seed: args.bootstrapSeed },
      effectSize: args.unpaired ? EFFECT_SIZE_METHOD.unpaired : EFFECT_SIZE_METHOD.paired,
      rows,
    };
    io.stdout(`${canonicalJson(doc, 1)}\n`);
  } else if (args.format === 'csv') {
    io.stdout(
      csv(
        ['indicator', 'statistic', 'n_a', 'n_b', 'mean_a', 'mean_b', 'difference', 'ci_low', 'ci_high', 'effect_size', 'p_a_greater'],
        rows.map((r) => [r.indicator, r.statistic, r.nA, r.nB, r.meanA, r.meanB, r.difference, r.ciLow, r.ciHigh, r.effectSize, r.pAGreater]),
      ),
    );
  } else io.stdout(comparisonTable(a, b, rows, args, pairingText));
  return EXIT_OK;
}
