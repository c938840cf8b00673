import { SweepAggregator, type Objective } from '../analysis/sweep.js';
import { gridPoints, latinHypercube, scenarioAt, type DesignKind, type Vary } from '../analysis/sweepDesign.js';
import { failure, inputMistake, type Issue, type Outcome } from '../input/issues.js';
import { HEADLINE_INDICATORS } from '../model/indicators.js';
import { shareProblems, withOverrides } from '../model/params.js';
import { canonicalJson } from '../model/canonicalJson.js';
import type { SweepResult } from '../results/sweepResult.js';
import { resultMetaOf, withFirms } from '../runner/runScenario.js';
import type { SweepJob } from '../runner/sweepJob.js';
import type { Env, OnProgress } from './env.js';
import { loadInputs } from './inputs.js';
import { slug, type ScenarioArgs } from './run.js';
import { locateRunIssue } from './scenarioLocation.js';
import { refuseExisting, writeAll } from './write.js';
import { partialName, recordingEnv, runJobs, writePartial, type PartialDone, type Replay, type ShardArgs } from './shard.js';

export interface SweepArgs extends ScenarioArgs {
  readonly varies: readonly Vary[];
  readonly design: DesignKind;
  /** Latin hypercube: number of points (default 20). */
  readonly points?: number | undefined;
  readonly designSeed: number;
  /** Ascending, distinct seeds, run at every point (common random numbers). */
  readonly seeds: readonly number[];
  readonly objectives: readonly Objective[];
  readonly statistic: 'final' | 'mean';
  readonly workers?: number | undefined;
  /** Run only this shard's block of the (point, seed) runs and write a partial file for `mvsim merge`. */
  readonly shard?: ShardArgs | undefined;
}

export interface SweepDone {
  readonly written: string;
  readonly result: SweepResult;
  readonly warnings: readonly Issue[];
}

/** Runs in one sweep, at most (points × seeds). */
export const MAX_SWEEP_RUNS = 1_000_000;

const fail = (message: string): Outcome<never> => failure('INVALID_OPTION', message);

/** An ensemble at every point of a design over doctrine weights or parameters, with the Pareto frontier over the objectives. */
export async function runSweep(given: Env, args: SweepArgs, onProgress?: OnProgress, replay?: Replay): Promise<Outcome<SweepDone | PartialDone>> {
  // the input files read, for a shard's partial file (a merge reads them from there)
  const { env, inputs: read } = recordingEnv(given);
  const { varies, seeds } = args;
  if (!varies.length) return fail('Name at least one --vary PATH=SPEC, e.g. --vary doctrine.concentration=0:2:5');
  const paths = varies.map((v) => v.path);
  const repeated = paths.find((p, i) => paths.indexOf(p) !== i);
  if (repeated) return fail(`--vary ${repeated} is given twice; vary each path once`);
  if (args.design === 'grid' && args.points !== undefined) return fail('--points applies to --design lhs; a grid has one point per combination of the listed values');
  if (new Set(args.objectives.map((o) => o.indicator)).size !== args.objectives.length) return fail('Each --objective indicator may appear once');

  // counted before the design is built: a grid's points multiply (three lists of 1,000 values are 10^9 points)
  const count = args.design === 'grid' ? varies.reduce((n, v) => n * ('values' in v ? v.values.length : 1), 1) : (args.points ?? 20);
  if (count * seeds.length > MAX_SWEEP_RUNS) return fail(`This sweep is ${count} points × ${seeds.length} seeds = ${count * seeds.length} runs; the limit is ${MAX_SWEEP_RUNS}`);
  const points = args.design === 'grid' ? gridPoints(varies) : latinHypercube(varies, count, args.designSeed);

  const loaded = loadInputs(env, args.scenario, args.calibration);
  if (!loaded.ok) return loaded;
  const { inputs, warnings, texts } = loaded;
  const scenarios = points.map((values) => scenarioAt(inputs.scenario, paths, values));
  for (const [i, s] of scenarios.entries()) {
    const bad = shareProblems(withOverrides(inputs.calibration.params, s.parameters))[0];
    if (bad) return fail(`Point ${i} (${paths.map((p, k) => `${p}=${points[i]![k]}`).join(', ')}): ${bad.message}`);
  }

  const whole = args.out ?? `results/${slug(inputs.scenario.name)}-sweep.json`;
  const out = args.shard ? partialName(whole, args.shard) : whole;
  const refused = refuseExisting(env, [{ path: out, remedy: 'choose another --out' }], args.force);
  if (refused) return refused;

  const setup = withFirms(inputs, args.firms);
  const aggregator = new SweepAggregator({
    ...resultMetaOf(setup),
    seeds,
    design: { kind: args.design, sampleSeed: args.design === 'lhs' ? args.designSeed : null, vary: varies },
    points,
    statistic: args.statistic,
    objectives: args.objectives,
    indicators: HEADLINE_INDICATORS,
  });
  let inputError: Issue | undefined;
  const jobs: SweepJob[] = points.flatMap((_, point) => seeds.map((seed) => ({ point, seed })));
  onProgress?.(0, jobs.length); // shown at once, before the first run ends
  const ran = await runJobs(env, {
    task: 'sweep',
    setup: { setup, points: scenarios },
    jobs,
    workers: args.workers ?? env.pool.defaultWorkers,
    onCrash: (_index, error) => failure('RUN_FAILED', error),
    onResult: (index, r) => {
      const point = Math.floor(index / seeds.length);
      // A mistake in the scenario that shows only when a run reaches it (a condition that cannot be evaluated) is the user's: exit 2, nothing written.
      const mistake = r.ok ? undefined : inputMistake(r.issues);
      if (mistake && inputError === undefined) inputError = locateRunIssue(texts, { ...mistake, message: `At point ${point} (${paths.map((p, k) => `${p}=${points[point]![k]}`).join(', ')}), ${mistake.message}. No sweep was written.` });
      aggregator.add(point, index % seeds.length, r);
      onProgress?.(index + 1, jobs.length);
    },
  }, args.shard, replay);
  if (!ran.ok) return { ok: false, issues: ran.issues.map((i) => ({ ...i, message: `The sweep stopped: ${i.message}. No sweep was written.` })) };
  if (inputError) return { ok: false, issues: [inputError] };
  if (args.shard && ran.shard) return writePartial(env, { command: 'sweep', args, shard: args.shard, inputs: read, total: jobs.length, ran: ran.shard, whole, out, force: args.force, warnings });
  const result = aggregator.result();
  const written = writeAll(env, [{ path: out, content: `${canonicalJson(result, 1)}\n` }], args.force);
  return written.ok ? { ok: true, written: out, result, warnings } : written;
}
