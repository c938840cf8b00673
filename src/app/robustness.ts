import type { Claim } from '../analysis/robustness.js';
import { buildRobustnessResult } from '../analysis/robustnessResult.js';
import { unitLatinHypercube } from '../analysis/sweepDesign.js';
import type { Outcome } from '../input/issues.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { streamFor } from '../model/rng.js';
import type { RobustnessResult } from '../results/robustnessResult.js';
import { resultMetaOf } from '../runner/runScenario.js';
import type { Env, OnProgress } from './env.js';
import { evaluatePoints, loadFactorSetting, runBudgetProblem, type DesignRunArgs, type DesignRunDone } from './factorRuns.js';
import { slug } from './run.js';
import { refuseExisting, writeAll } from './write.js';
import { partialName, recordingEnv, writePartial, type PartialDone, type Replay } from './shard.js';

export interface RobustnessArgs extends DesignRunArgs {
  readonly claims: readonly Claim[];
  readonly samples: number;
  readonly designSeed: number;
}

export type RobustnessDone = DesignRunDone<RobustnessResult>;

/**
 * `robustness`: samples the factors' plausible space (a Latin hypercube; by default
 * every assumption), runs the scenario (and the baseline) on the same seeds at each
 * point, and reports in what share of the space each claim holds, and which
 * assumptions decide it.
 */
export async function runRobustness(given: Env, args: RobustnessArgs, onProgress?: OnProgress, replay?: Replay): Promise<Outcome<RobustnessDone | PartialDone>> {
  // the input files read, for a shard's partial file (a merge reads them from there)
  const { env, inputs: read } = recordingEnv(given);
  const loaded = loadFactorSetting(env, args);
  if (!loaded.ok) return loaded;
  const { setting } = loaded;
  const tooLarge = runBudgetProblem(setting, args.samples, args.seeds.length);
  if (tooLarge) return tooLarge;
  const whole = args.out ?? `results/${slug(setting.setup.scenario.name)}-robustness.json`;
  const out = args.shard ? partialName(whole, args.shard) : whole;
  const refused = refuseExisting(env, [{ path: out, remedy: 'choose another --out' }], args.force);
  if (refused) return refused;
  const points = unitLatinHypercube(args.samples, setting.factors.length, streamFor(`robustness/lhs/${args.designSeed}`));
  const evaluated = await evaluatePoints(env, setting, points, args.seeds, args.claims.map((c) => c.output), args.workers, onProgress, { shard: args.shard, replay });
  if (!evaluated.ok) return evaluated;
  if ('shard' in evaluated) return writePartial(env, { command: 'robustness', args, shard: args.shard!, inputs: read, total: args.samples, ran: evaluated.shard, whole, out, force: args.force, warnings: setting.warnings });
  const result = buildRobustnessResult({
    meta: resultMetaOf(setting.setup),
    baseline: setting.baseline,
    factors: setting.factors,
    notes: setting.notes,
    seeds: args.seeds,
    samples: args.samples,
    designSeed: args.designSeed,
    points,
    claims: args.claims,
    y: evaluated.y,
    level: args.level,
  });
  const written = writeAll(env, [{ path: out, content: `${canonicalJson(result, 1)}\n` }], args.force);
  return written.ok ? { ok: true, written: out, result, notes: setting.notes, warnings: setting.warnings } : written;
}
