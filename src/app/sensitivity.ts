import { analyseOutput, sensitivityPlan, sampleRows, type OutputSpec, type SensitivitySpec } from '../analysis/sensitivity.js';
import { buildSensitivityResult } from '../analysis/sensitivityResult.js';
import { failure, type Outcome } from '../input/issues.js';
import { canonicalJson } from '../model/canonicalJson.js';
import type { SensitivityResult } from '../results/sensitivityResult.js';
import { resultMetaOf } from '../runner/runScenario.js';
import type { Env, OnProgress } from './env.js';
import { evaluatePoints, loadFactorSetting, runBudgetProblem, type DesignRunArgs, type DesignRunDone } from './factorRuns.js';
import { slug } from './run.js';
import { refuseExisting, writeAll } from './write.js';
import { partialName, recordingEnv, writePartial, type PartialDone, type Replay } from './shard.js';

export interface SensitivityArgs extends DesignRunArgs {
  readonly spec: SensitivitySpec;
  readonly outputs: readonly OutputSpec[];
  readonly resamples: number;
}

export type SensitivityDone = DesignRunDone<SensitivityResult>;

const fail = (message: string): Outcome<never> => failure('INVALID_OPTION', message);

/**
 * `sensitivity`: a Morris screening or a Sobol' analysis of a scenario's outputs (or,
 * with a baseline, of its paired effect) over the factors' plausible ranges. Every
 * design point runs the same seeds; the result does not depend on the worker count.
 */
export async function runSensitivity(given: Env, args: SensitivityArgs, onProgress?: OnProgress, replay?: Replay): Promise<Outcome<SensitivityDone | PartialDone>> {
  // the input files read, for a shard's partial file (a merge reads them from there)
  const { env, inputs: read } = recordingEnv(given);
  const loaded = loadFactorSetting(env, args);
  if (!loaded.ok) return loaded;
  const { setting } = loaded;
  const d = setting.factors.length;
  if (args.spec.method === 'sobol' && 2 * d > 400) return fail(`A Sobol' analysis takes at most 200 factors; ${d} are named (screen them with --method morris first)`);
  const count = args.spec.method === 'morris' ? args.spec.trajectories * (d + 1) : args.spec.samples * (d + 2);
  const tooLarge = runBudgetProblem(setting, count, args.seeds.length);
  if (tooLarge) return tooLarge;
  const plan = sensitivityPlan(args.spec, d);
  const whole = args.out ?? `results/${slug(setting.setup.scenario.name)}-${args.spec.method}.json`;
  const out = args.shard ? partialName(whole, args.shard) : whole;
  const refused = refuseExisting(env, [{ path: out, remedy: 'choose another --out' }], args.force);
  if (refused) return refused;

  const evaluated = await evaluatePoints(env, setting, plan.points, args.seeds, args.outputs, args.workers, onProgress, { shard: args.shard, replay });
  if (!evaluated.ok) return evaluated;
  if ('shard' in evaluated) return writePartial(env, { command: 'sensitivity', args, shard: args.shard!, inputs: read, total: plan.points.length / setting.factors.length, ran: evaluated.shard, whole, out, force: args.force, warnings: setting.warnings });
  const { y } = evaluated;
  const analyses = args.outputs.map((o, k) => analyseOutput(plan, setting.factors, y[k]!, `${o.indicator}:${o.statistic}`, args.resamples, args.level));
  const result = buildSensitivityResult({
    meta: resultMetaOf(setting.setup),
    baseline: setting.baseline,
    plan,
    factors: setting.factors,
    seeds: args.seeds,
    outputs: args.outputs,
    analyses,
    y,
    samples: sampleRows(plan),
    resamples: args.resamples,
    level: args.level,
    notes: setting.notes,
  });
  const written = writeAll(env, [{ path: out, content: `${canonicalJson(result, 1)}\n` }], args.force);
  return written.ok ? { ok: true, written: out, result, notes: setting.notes, warnings: setting.warnings } : written;
}
