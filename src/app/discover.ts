import { designTable, discover, type Discovery } from '../analysis/discover.js';
import type { Claim } from '../analysis/robustness.js';
import { failure, type Outcome } from '../input/issues.js';
import { issue, parseReportable, topLevelKeyLine } from '../results/parseResult.js';
import type { Env } from './env.js';
import { MAX_RESULT_BYTES } from './states.js';

export interface DiscoverArgs {
  readonly result: string;
  /** The condition on an output that marks the cases of interest, and whether its statistic was written out. */
  readonly where: Claim;
  readonly statisticGiven: boolean;
  readonly minCoverage: number;
  readonly box?: number | undefined;
}

/**
 * `discover`: reads a sensitivity, robustness or sweep result, marks the points where
 * the condition holds, and runs PRIM over the factors to find the region of the
 * sampled space where it holds most.
 */
export function runDiscover(env: Env, args: DiscoverArgs): Outcome<{ discovery: Discovery; kind: string; factors: number }> {
  const file = env.files.resolve('.', args.result);
  const got = env.files.read(file, MAX_RESULT_BYTES, 'a JSON result file');
  if (!got.ok) return got;
  const parsed = parseReportable(file, got.text);
  if (!parsed.ok) return parsed;
  const doc = parsed.doc;
  if (doc.kind === 'run' || doc.kind === 'ensemble') {
    return { ok: false, issues: [issue(file, 'NOT_A_RESULT', topLevelKeyLine(got.text, 'kind'), 1, ['kind'], `${args.result} is a ${doc.kind} result, which has no design to search; discover takes a sensitivity, robustness or sweep result`)] };
  }
  const table = designTable(doc);
  const n = table.x.length / Math.max(1, table.factors.length);
  if (!table.factors.length || n < 2) return fail(`${args.result} has ${n} points over ${table.factors.length} factors: nothing to search`);
  const available = [...table.outputs.keys()];
  const wanted = `${args.where.output.indicator}:${args.where.output.statistic}`;
  // "economy.gdpIndex < 0" names the file's only statistic of that indicator when it has one
  const candidates = args.statisticGiven ? [wanted] : available.filter((a) => a.startsWith(`${args.where.output.indicator}:`));
  const output = candidates.length === 1 && table.outputs.has(candidates[0]!) ? candidates[0]! : undefined;
  if (!output) return fail(`--where ${JSON.stringify(args.where.text)}: ${args.result} has no single output ${args.statisticGiven ? wanted : `${args.where.output.indicator}:final|mean`}; it has ${available.join(', ')}`);
  const values = table.outputs.get(output)!;
  if (values.some((v) => !Number.isFinite(v))) return fail(`${args.result}: ${output} is missing at some points`);
  return { ok: true, discovery: discover(table, args.where, output, { minCoverage: args.minCoverage, box: args.box }), kind: doc.kind, factors: table.factors.length };
}

const fail = (message: string): Outcome<never> => failure('INVALID_OPTION', message);
