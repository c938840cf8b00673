import { parseClaim, type Claim } from '../../analysis/robustness.js';
import { runRobustness, type RobustnessArgs } from '../../app/robustness.js';
import { didYouMean } from '../../input/suggest.js';
import { INDICATOR_NAMES } from '../../model/indicators.js';
import type { RobustnessResult } from '../../results/robustnessResult.js';
import { designRunWritten, failed, progressOf, type Context } from '../context.js';
import { UsageError } from '../io.js';
import { parseSeedList } from '../seedList.js';
import { formatTable } from '../table.js';

export interface RobustnessCliArgs extends Omit<RobustnessArgs, 'claims' | 'seeds'> {
  /** `--claim` texts. */
  readonly claims: readonly string[];
  readonly seeds: string;
  readonly quiet: boolean;
  readonly now: () => number;
}

/** Parses and checks one `--claim`. */
export function claimOf(text: string, flag = '--claim'): Claim {
  const claim = parseClaim(text);
  if (!claim) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected "INDICATOR[:final|mean] OP NUMBER" with OP one of > < >= <=, e.g. "economy.gdpIndex:final > 0"`);
  if (!INDICATOR_NAMES.includes(claim.output.indicator)) {
    const guess = didYouMean(claim.output.indicator, INDICATOR_NAMES);
    throw new UsageError(`${flag} ${JSON.stringify(text)}: no such indicator ${claim.output.indicator}${guess ? ` (did you mean "${guess}"?)` : ''}; the README lists every indicator`);
  }
  return claim;
}

/** `mvsim robustness`: the share of the plausible assumption space in which each claim holds, and what decides it. */
export async function robustnessCommand(ctx: Context, args: RobustnessCliArgs): Promise<number> {
  if (!args.claims.length) throw new UsageError('Name at least one --claim, e.g. --claim "economy.gdpIndex:final < 0"');
  const claims = args.claims.map((c) => claimOf(c));
  const parsedSeeds = parseSeedList(args.seeds);
  if (!parsedSeeds.ok) return failed(ctx, parsedSeeds.issues);
  const workers = args.workers ?? ctx.env.pool.defaultWorkers;
  // with no factors named, the whole plausible space: every assumption
  const allAssumptions = args.allAssumptions || (!args.params.length && !args.groups.length);
  const progress = progressOf(ctx, `${args.scenario}: robustness, ${args.samples} points × ${parsedSeeds.seeds.length} seeds on ${workers} workers`, args.quiet, args.now);
  const r = await runRobustness(ctx.env, { ...args, allAssumptions, claims, seeds: parsedSeeds.seeds, workers }, progress.onProgress);
  progress.finish();
  return r.ok ? designRunWritten(ctx, r, args.quiet, claimTables) : failed(ctx, r.issues);
}

const fmt = (v: number): string => String(Number(v.toPrecision(3)));
const pct = (v: number): string => `${Number((100 * v).toPrecision(3))}%`;

/** Each claim's share with its interval, and its deciding factors, for people. */
function claimTables(r: RobustnessResult): string {
  const what = r.against ? `${r.scenario.name} against ${r.against.name}` : r.scenario.name;
  let text = `Robustness of ${r.claims.length === 1 ? 'a claim' : `${r.claims.length} claims`} about ${what}: ${r.factors.length} factors, ${r.design.samples} points × ${r.seeds.length} seeds (${r.design.runs} runs).\n`;
  for (const c of r.claims) {
    text += `\n"${c.claim}" holds at ${c.holds} of ${c.points} points: ${pct(c.share)} of the plausible space [${pct(c.low)}, ${pct(c.high)}].\n`;
    if (!c.deciding.length) {
      text += 'No assumption decides it: it holds everywhere or nowhere in the sample.\n';
      continue;
    }
    const fewer = Math.min(c.holds, c.points - c.holds);
    if (fewer < 10) text += `Only ${fewer} point${fewer === 1 ? '' : 's'} on one side: too few to tell which assumptions decide it (more --samples would).\n`;
    const rows = c.deciding.slice(0, 5).map((d) => [d.factor, fmt(d.ks), fmt(d.pValue), d.holdsWhen, fmt(d.medianWhereHolds), fmt(d.medianWhereFails)]);
    text += `${formatTable(['deciding assumption', 'KS', 'p', 'holds when', 'median where holds', 'where fails'], rows)}\n`;
  }
  return text;
}
