import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { EnsembleAggregator } from '../../analysis/ensemble.js';
import { runMonths } from '../../model/calendar.js';
import { writeAtomic } from '../../io/files.js';
import { canonicalJson } from '../../results/runResult.js';
import { resultMetaOf } from '../../runner/runScenario.js';
import { loadInputs } from '../inputs.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { parseSeedList, seedLabel } from '../seedList.js';
import { refuseExisting, writeResult } from '../writeResult.js';
import { runTaskShown } from '../workers.js';
import { slug, type RunArgs } from './run.js';

export interface EnsembleArgs extends Omit<RunArgs, 'seed'> {
  readonly seeds: string;
  readonly workers?: number | undefined;
  readonly keepRuns?: string | undefined;
  readonly months: readonly string[];
  readonly quiet: boolean;
  /** Milliseconds, for the progress bar's rate and ETA only (never in results). */
  readonly now: () => number;
}

/** `mvsim run --seeds`: one run per seed on worker threads, aggregated in seed order into one ensemble file. */
export async function ensembleCommand(io: CliIo, args: EnsembleArgs): Promise<number> {
  const inputs = loadInputs(io, args.scenario, args.calibration);
  const parsed = parseSeedList(args.seeds);
  if (!parsed.ok) throw new UsageError(parsed.error);
  const seeds = parsed.seeds;
  const months = runMonths(inputs.scenario.start, inputs.scenario.horizon);
  for (const m of args.months) {
    if (!months.includes(m)) throw new UsageError(`--month ${m}: not a month of this run; the run covers ${months[0]} to ${months[months.length - 1]} (YYYY-MM)`);
  }
  const keepMonths = [...new Set(args.months)].sort();
  const name = slug(inputs.scenario.name);
  const shown = args.out ?? `results/${name}-seeds-${seedLabel(seeds)}.json`;
  const out = resolve(io.cwd, shown);
  const runsDir = args.keepRuns === undefined ? undefined : resolve(io.cwd, args.keepRuns);
  const runFile = (seed: number): string => join(runsDir!, `${name}-seed${seed}.json`);

  // Every destination is checked before any work, so a refusal writes nothing.
  refuseExisting(out, shown, args.force);
  if (runsDir) for (const s of seeds) refuseExisting(runFile(s), relative(io.cwd, runFile(s)), args.force, 'choose another --keep-runs folder');

  const setup = { ...inputs, ...(args.firms !== undefined ? { firms: args.firms } : {}) };
  const aggregator = new EnsembleAggregator({
    ...resultMetaOf(setup),
    seeds,
    keepMonths,
  });
  const workers = args.workers ?? availableParallelism();
  const label = `${inputs.scenario.name}: ${seeds.length} seeds on ${workers} workers`;
  const ran = await runTaskShown(io, { what: 'ensemble', label, quiet: args.quiet, now: args.now }, {
    task: 'seed',
    workers,
    setup: { setup, keepRuns: runsDir !== undefined },
    jobs: seeds,
    onCrash: (_seed, error) => ({ outcome: { ok: false, error } }),
    onResult: (index, r) => {
      const seed = seeds[index]!;
      aggregator.add(seed, r.outcome);
      if (runsDir && r.runJson !== undefined) writeAtomic(runFile(seed), r.runJson, args.force);
    },
  });
  if (!ran) return EXIT_FAILURE;

  for (const f of aggregator.failed) io.stderr(`seed ${f.seed} failed: ${f.error}\n`);
  const result = aggregator.result();
  if (!result) {
    io.stderr(`All ${seeds.length} seeds failed; no ensemble was written.\n`);
    return EXIT_FAILURE;
  }
  writeResult(out, shown, `${canonicalJson(result, 1)}\n`, args.force);
  io.stdout(`${shown}\n`);
  if (result.runs.failed > 0) {
    io.stderr(`${result.runs.failed} of ${result.runs.requested} seeds failed (listed above and under "failures" in ${shown}); statistics cover the ${result.runs.completed} that completed.\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
