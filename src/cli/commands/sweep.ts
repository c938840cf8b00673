import type { Objective } from '../../analysis/sweep.js';
import type { Vary } from '../../analysis/sweepDesign.js';
import { runSweep, type SweepArgs } from '../../app/sweep.js';
import { didYouMean } from '../../input/suggest.js';
import { INDICATOR_NAMES } from '../../model/indicators.js';
import type { SweepResult } from '../../results/sweepResult.js';
import { failed, partialWritten, printIssues, progressOf, type Context } from '../context.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../io.js';
import { parseSeedList } from '../seedList.js';
import { formatTable } from '../table.js';
import { parseVary } from '../vary.js';

export interface SweepCliArgs extends Omit<SweepArgs, 'varies' | 'objectives' | 'seeds'> {
  /** `--vary` texts, PATH=SPEC. */
  readonly vary: readonly string[];
  /** `--objective` texts, INDICATOR:max|min. */
  readonly objectives: readonly string[];
  /** The seed list as typed. */
  readonly seeds: string;
  readonly quiet: boolean;
  readonly now: () => number;
}

/** The objectives a sweep's frontier is drawn over when none are named: output up, the two exposures down. */
export const DEFAULT_OBJECTIVES = ['economy.gdpIndex:max', 'security.exposure:min', 'sanctions.exposure:min'] as const;

function parseObjective(text: string): Objective {
  const m = /^(.+):(max|min)$/.exec(text.trim());
  const indicator = m?.[1] ?? text;
  if (!m) throw new UsageError(`--objective ${text}: expected INDICATOR:max or INDICATOR:min, e.g. economy.gdpIndex:max`);
  if (!INDICATOR_NAMES.includes(indicator)) {
    const guess = didYouMean(indicator, INDICATOR_NAMES);
    throw new UsageError(`--objective ${text}: no such indicator${guess ? ` (did you mean "${guess}"?)` : ''}; the README lists every indicator`);
  }
  return { indicator, direction: m[2] as 'max' | 'min' };
}

/** `mvsim sweep`: an ensemble at every point of a design over doctrine weights or parameters, with the Pareto frontier over the objectives. */
export async function sweepCommand(ctx: Context, args: SweepCliArgs): Promise<number> {
  const varies: Vary[] = [];
  for (const text of args.vary) {
    const got = parseVary(text, args.design);
    if (!got.ok) return failed(ctx, got.issues);
    varies.push(got.vary);
  }
  const objectives = (args.objectives.length ? args.objectives : DEFAULT_OBJECTIVES).map(parseObjective);
  const parsedSeeds = parseSeedList(args.seeds);
  if (!parsedSeeds.ok) return failed(ctx, parsedSeeds.issues);
  const seeds = parsedSeeds.seeds;
  const workers = args.workers ?? ctx.env.pool.defaultWorkers;
  const progress = progressOf(ctx, `${args.scenario}: sweep, ${seeds.length} seeds a point on ${workers} workers`, args.quiet, args.now);
  const r = await runSweep(ctx.env, { ...args, varies, objectives, seeds, workers }, progress.onProgress);
  progress.finish();
  if (!r.ok) return failed(ctx, r.issues);
  printIssues(ctx, r.warnings);
  if ('partial' in r) return partialWritten(ctx, r, 'runs (point x seed)');
  const result = r.result;
  for (const f of result.failures) ctx.io.stderr(`point ${f.point}, seed ${f.seed} failed: ${f.error}\n`);
  ctx.io.stdout(`${r.written}\n`);
  if (!args.quiet) ctx.io.stdout(frontierTable(result));
  if (result.runs.failed > 0) {
    ctx.io.stderr(`${result.runs.failed} of ${result.runs.requested} runs failed (listed above and under "failures" in ${r.written}).\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/** The frontier points with their objectives' means, for people. */
function frontierTable(r: SweepResult): string {
  const head = `${r.points.length} points × ${r.seeds.length} seeds; ${r.frontier.length} on the Pareto frontier of ${r.objectives.map((o) => `${o.indicator} ${o.direction}`).join(', ')} (${r.statistic}, mean over seeds):\n`;
  const rows = r.points
    .filter((p) => p.frontier)
    .map((p) => [String(p.index), ...r.design.vary.map((v) => String(p.values[v.path])), ...r.objectives.map((o) => String(Number(p.stats[o.indicator]!.mean.toPrecision(4))))]);
  return `${head}${formatTable(['point', ...r.design.vary.map((v) => v.path), ...r.objectives.map((o) => o.indicator)], rows)}\n`;
}
