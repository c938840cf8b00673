import type { OutputSpec } from '../../analysis/sensitivity.js';
import { runSensitivity, type SensitivityArgs } from '../../app/sensitivity.js';
import { didYouMean } from '../../input/suggest.js';
import { INDICATOR_NAMES } from '../../model/indicators.js';
import type { SensitivityResult } from '../../results/sensitivityResult.js';
import { designRunWritten, failed, progressOf, type Context } from '../context.js';
import { UsageError } from '../io.js';
import { parseSeedList } from '../seedList.js';
import { formatTable } from '../table.js';

export interface SensitivityCliArgs extends Omit<SensitivityArgs, 'outputs' | 'seeds'> {
  /** `--outputs` texts, INDICATOR[:final|mean]. */
  readonly outputs: readonly string[];
  /** The seed list as typed. */
  readonly seeds: string;
  readonly quiet: boolean;
  readonly now: () => number;
}

/** The outputs analysed when none are named: the three headline outcomes at the end of the run. */
export const DEFAULT_OUTPUTS = ['economy.gdpIndex:final', 'security.exposure:final', 'sanctions.exposure:final'] as const;

/** Parses INDICATOR[:final|mean]. */
export function parseOutput(text: string): OutputSpec {
  const m = /^([^:]+)(?::(final|mean))?$/.exec(text.trim());
  const indicator = m?.[1] ?? text;
  if (!m) throw new UsageError(`--outputs ${text}: expected INDICATOR, INDICATOR:final or INDICATOR:mean, e.g. economy.gdpIndex:final`);
  if (!INDICATOR_NAMES.includes(indicator)) {
    const guess = didYouMean(indicator, INDICATOR_NAMES);
    throw new UsageError(`--outputs ${text}: no such indicator${guess ? ` (did you mean "${guess}"?)` : ''}; the README lists every indicator`);
  }
  return { indicator, statistic: (m[2] as 'final' | 'mean' | undefined) ?? 'final' };
}

/** `mvsim sensitivity`: Morris screening or Sobol' indices of a scenario's outputs, or of its effect against a baseline. */
export async function sensitivityCommand(ctx: Context, args: SensitivityCliArgs): Promise<number> {
  const outputs = (args.outputs.length ? args.outputs : DEFAULT_OUTPUTS).map(parseOutput);
  if (new Set(outputs.map((o) => `${o.indicator}:${o.statistic}`)).size !== outputs.length) throw new UsageError('Each --outputs entry may appear once');
  const parsedSeeds = parseSeedList(args.seeds);
  if (!parsedSeeds.ok) return failed(ctx, parsedSeeds.issues);
  const workers = args.workers ?? ctx.env.pool.defaultWorkers;
  const progress = progressOf(ctx, `${args.scenario}: ${args.spec.method}, ${parsedSeeds.seeds.length} seeds a point on ${workers} workers`, args.quiet, args.now);
  const r = await runSensitivity(ctx.env, { ...args, outputs, seeds: parsedSeeds.seeds, workers }, progress.onProgress);
  progress.finish();
  return r.ok ? designRunWritten(ctx, r, args.quiet, summaryTables) : failed(ctx, r.issues);
}

const fmt = (v: number): string => String(Number(v.toPrecision(3)));

/** Each output's factors, most influential first (at most 15), for people. */
function summaryTables(r: SensitivityResult): string {
  const what = r.against ? `the effect of ${r.scenario.name} against ${r.against.name}` : r.scenario.name;
  let text = `${r.method.name === 'morris' ? 'Morris screening' : "Sobol' indices"} of ${what}: ${r.factors.length} factors, ${r.method.points} points × ${r.seeds.length} seeds (${r.method.runs} runs).\n`;
  for (const [output, a] of Object.entries(r.outputs)) {
    if (a.method === 'morris') {
      const rows = [...a.factors].sort((x, y) => y.muStar - x.muStar || (x.factor < y.factor ? -1 : 1)).slice(0, 15);
      text += `\n${output}\n${formatTable(['factor', 'mu*', `${r.method.interval.split(' ')[0]} interval`, 'mu', 'sigma'], rows.map((f) => [f.factor, fmt(f.muStar), `[${fmt(f.muStarLow)}, ${fmt(f.muStarHigh)}]`, fmt(f.mu), fmt(f.sigma)]))}\n`;
    } else {
      const rows = [...a.factors].sort((x, y) => y.total - x.total || (x.factor < y.factor ? -1 : 1)).slice(0, 15);
      text += `\n${output} (variance ${fmt(a.variance)})\n${formatTable(['factor', 'S1', 'S1 interval', 'ST', 'ST interval'], rows.map((f) => [f.factor, fmt(f.first), `[${fmt(f.firstLow)}, ${fmt(f.firstHigh)}]`, fmt(f.total), `[${fmt(f.totalLow)}, ${fmt(f.totalHigh)}]`]))}\n`;
    }
  }
  return text;
}
