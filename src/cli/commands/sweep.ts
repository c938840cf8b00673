import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { SweepAggregator, type Objective } from '../../analysis/sweep.js';
import { gridPoints, latinHypercube, scenarioAt, SWEEPABLE_PATHS, type DesignKind, type Vary } from '../../analysis/sweepDesign.js';
import { parseVary } from '../vary.js';
import { shareProblems, withOverrides } from '../../model/params.js';
import { didYouMean } from '../../input/suggest.js';
import { HEADLINE_INDICATORS, INDICATOR_NAMES } from '../../model/indicators.js';
import { canonicalJson } from '../../results/runResult.js';
import { resultMetaOf } from '../../runner/runScenario.js';
import type { SweepJob } from '../../runner/sweepJob.js';
import { loadInputs } from '../inputs.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { parseSeedList } from '../seedList.js';
import { formatTable } from '../table.js';
import { refuseExisting, writeResult } from '../writeResult.js';
import { runTaskShown } from '../workers.js';
import { slug } from './run.js';

export interface SweepArgs {
  readonly scenario: string;
  readonly vary: readonly string[];
  readonly design: DesignKind;
  readonly points?: number | undefined;
  readonly designSeed: number;
  readonly seeds: string;
  readonly objectives: readonly string[];
  readonly statistic: 'final' | 'mean';
  readonly workers?: number | undefined;
  readonly out?: string | undefined;
  readonly force: boolean;
  readonly firms?: number | undefined;
  readonly calibration?: string | undefined;
  readonly quiet: boolean;
  readonly now: () => number;
}

/** The objectives a sweep's frontier is drawn over when none are named: output up, the two exposures down. */
export const DEFAULT_OBJECTIVES = ['economy.gdpIndex:max', 'security.exposure:min', 'sanctions.exposure:min'] as const;

/** Runs in one sweep, at most (points × seeds). */
const MAX_SWEEP_RUNS = 1_000_000;

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
export async function sweepCommand(io: CliIo, args: SweepArgs): Promise<number> {
  if (!args.vary.length) throw new UsageError('Name at least one --vary PATH=SPEC, e.g. --vary doctrine.concentration=0:2:5');
  const varies: Vary[] = args.vary.map((text) => {
    const got = parseVary(text, args.design);
    if (got.ok) return got.vary;
    const guess = got.path ? didYouMean(got.path, SWEEPABLE_PATHS) : undefined;
    throw new UsageError(`${got.error}${guess && guess !== got.path ? ` (did you mean "${guess}"?)` : ''}`);
  });
  const paths = varies.map((v) => v.path);
  const repeated = paths.find((p, i) => paths.indexOf(p) !== i);
  if (repeated) throw new UsageError(`--vary ${repeated} is given twice; vary each path once`);
  if (args.design === 'grid' && args.points !== undefined) throw new UsageError('--points applies to --design lhs; a grid has one point per combination of the listed values');
  const objectives = (args.objectives.length ? args.objectives : DEFAULT_OBJECTIVES).map(parseObjective);
  if (new Set(objectives.map((o) => o.indicator)).size !== objectives.length) throw new UsageError('Each --objective indicator may appear once');
  const parsedSeeds = parseSeedList(args.seeds);
  if (!parsedSeeds.ok) throw new UsageError(parsedSeeds.error);
  const seeds = parsedSeeds.seeds;

  const points = args.design === 'grid' ? gridPoints(varies) : latinHypercube(varies, args.points ?? 20, args.designSeed);
  if (points.length * seeds.length > MAX_SWEEP_RUNS) throw new UsageError(`This sweep is ${points.length} points × ${seeds.length} seeds = ${points.length * seeds.length} runs; the limit is ${MAX_SWEEP_RUNS}`);

  const inputs = loadInputs(io, args.scenario, args.calibration);
  const scenarios = points.map((values) => scenarioAt(inputs.scenario, paths, values));
  scenarios.forEach((s, i) => {
    const bad = shareProblems(withOverrides(inputs.calibration.params, s.parameters))[0];
    if (bad) throw new UsageError(`Point ${i} (${paths.map((p, k) => `${p}=${points[i]![k]}`).join(', ')}): ${bad.message}`);
  });

  const shown = args.out ?? `results/${slug(inputs.scenario.name)}-sweep.json`;
  const out = resolve(io.cwd, shown);
  refuseExisting(out, shown, args.force);

  const setup = { ...inputs, ...(args.firms !== undefined ? { firms: args.firms } : {}) };
  const aggregator = new SweepAggregator({
    ...resultMetaOf(setup),
    seeds,
    design: { kind: args.design, sampleSeed: args.design === 'lhs' ? args.designSeed : null, vary: varies },
    points,
    statistic: args.statistic,
    objectives,
    indicators: HEADLINE_INDICATORS,
  });
  const jobs: SweepJob[] = points.flatMap((_, point) => seeds.map((seed) => ({ point, seed })));
  const workers = args.workers ?? availableParallelism();
  const label = `${inputs.scenario.name}: ${points.length} points × ${seeds.length} seeds on ${workers} workers`;
  const ran = await runTaskShown(io, { what: 'sweep', label, quiet: args.quiet, now: args.now }, {
    task: 'sweep',
    setup: { setup, points: scenarios },
    jobs,
    workers,
    onCrash: (_job, error) => ({ ok: false, error }),
    onResult: (index, r) => aggregator.add(Math.floor(index / seeds.length), index % seeds.length, r),
  });
  if (!ran) return EXIT_FAILURE;
  for (const f of aggregator.failed) io.stderr(`point ${f.point}, seed ${f.seed} failed: ${f.error}\n`);
  const result = aggregator.result();
  writeResult(out, shown, `${canonicalJson(result, 1)}\n`, args.force);
  io.stdout(`${shown}\n`);
  if (!args.quiet) io.stderr(frontierTable(result));
  if (result.runs.failed > 0) {
    io.stderr(`${result.runs.failed} of ${result.runs.requested} runs failed (listed above and under "failures" in ${shown}).\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/** The frontier points with their objectives' means, for people. */
function frontierTable(r: ReturnType<SweepAggregator['result']>): string {
  const head = `${r.points.length} points × ${r.seeds.length} seeds; ${r.frontier.length} on the Pareto frontier of ${r.objectives.map((o) => `${o.indicator} ${o.direction}`).join(', ')} (${r.statistic}, mean over seeds):\n`;
  const rows = r.points
    .filter((p) => p.frontier)
    .map((p) => [String(p.index), ...r.design.vary.map((v) => String(p.values[v.path])), ...r.objectives.map((o) => String(Number(p.stats[o.indicator]!.mean.toPrecision(4))))]);
  return `${head}${formatTable(['point', ...r.design.vary.map((v) => v.path), ...r.objectives.map((o) => o.indicator)], rows)}\n`;
}
