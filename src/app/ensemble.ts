import { EnsembleAggregator } from '../analysis/ensemble.js';
import { failure, plainIssue, type Issue, type Outcome } from '../input/issues.js';
import { runMonths } from '../model/calendar.js';
import { canonicalJson } from '../results/runResult.js';
import { resultMetaOf } from '../runner/runScenario.js';
import type { Env, OnProgress } from './env.js';
import { loadInputs } from './inputs.js';
import { slug, type ScenarioArgs } from './run.js';
import { refuseExisting, writeAll } from './write.js';

export interface EnsembleArgs extends ScenarioArgs {
  /** Ascending, distinct seeds. */
  readonly seeds: readonly number[];
  readonly workers?: number | undefined;
  /** Also write each seed's run result into this folder. */
  readonly keepRuns?: string | undefined;
  /** Also keep each seed's values at these months (YYYY-MM). */
  readonly months: readonly string[];
}

/** What an ensemble wrote, which seeds failed and why, and the scenario's warnings. */
export interface EnsembleDone {
  readonly written: string;
  readonly requested: number;
  readonly failures: readonly { readonly seed: number; readonly error: string }[];
  readonly warnings: readonly Issue[];
}

/** A short form of an ascending seed list for file names and messages: `1-1000`, or `3-9-n4` when not contiguous. */
export function seedLabel(seeds: readonly number[]): string {
  const first = seeds[0] ?? 0;
  const last = seeds[seeds.length - 1] ?? 0;
  return last - first + 1 === seeds.length ? `${first}-${last}` : `${first}-${last}-n${seeds.length}`;
}

/**
 * One run per seed on worker threads, aggregated in seed order into one ensemble file
 * (so nothing depends on the number of workers). Seeds that fail are listed, not lost;
 * when every seed fails, nothing is written. Every destination is checked first.
 */
export async function runEnsemble(env: Env, args: EnsembleArgs, onProgress?: OnProgress): Promise<Outcome<EnsembleDone>> {
  const loaded = loadInputs(env, args.scenario, args.calibration);
  if (!loaded.ok) return loaded;
  const { inputs, warnings } = loaded;
  const seeds = args.seeds;
  const months = runMonths(inputs.scenario.start, inputs.scenario.horizon);
  for (const m of args.months) {
    if (!months.includes(m)) return { ok: false, issues: [plainIssue('INVALID_OPTION', `--month ${m}: not a month of this run; the run covers ${months[0]} to ${months[months.length - 1]} (YYYY-MM)`)] };
  }
  const keepMonths = [...new Set(args.months)].sort();
  const name = slug(inputs.scenario.name);
  const out = args.out ?? `results/${name}-seeds-${seedLabel(seeds)}.json`;
  const runFile = (seed: number): string => `${args.keepRuns}/${name}-seed${seed}.json`;
  const refused = refuseExisting(env, [
    { path: out, remedy: 'choose another --out' },
    ...(args.keepRuns === undefined ? [] : seeds.map((s) => ({ path: runFile(s), remedy: 'choose another --keep-runs folder' }))),
  ], args.force);
  if (refused) return refused;

  const setup = { ...inputs, ...(args.firms !== undefined ? { firms: args.firms } : {}) };
  const aggregator = new EnsembleAggregator({ ...resultMetaOf(setup), seeds, keepMonths });
  let writeFailure: readonly Issue[] | undefined;
  const ran = await env.pool.run({
    task: 'seed',
    workers: args.workers ?? env.pool.defaultWorkers,
    setup: { setup, keepRuns: args.keepRuns !== undefined },
    jobs: seeds,
    onCrash: (_seed, error) => ({ outcome: failure('RUN_FAILED', error) }),
    onResult: (index, r) => {
      const seed = seeds[index]!;
      aggregator.add(seed, r.outcome);
      if (args.keepRuns !== undefined && r.runJson !== undefined && writeFailure === undefined) {
        const w = writeAll(env, [{ path: runFile(seed), content: r.runJson }], args.force);
        if (!w.ok) writeFailure = w.issues;
      }
      onProgress?.(index + 1, seeds.length);
    },
  });
  if (!ran.ok) return { ok: false, issues: ran.issues.map((i) => ({ ...i, message: `The ensemble stopped: ${i.message}. No ensemble was written.` })) };
  if (writeFailure) return { ok: false, issues: writeFailure };
  const result = aggregator.result();
  if (!result) return { ok: false, issues: [...aggregator.failed.map((f) => plainIssue('RUN_FAILED', `seed ${f.seed} failed: ${f.error}`)), plainIssue('RUN_FAILED', `All ${seeds.length} seeds failed; no ensemble was written.`)] };
  const written = writeAll(env, [{ path: out, content: `${canonicalJson(result, 1)}\n` }], args.force);
  if (!written.ok) return written;
  return { ok: true, written: out, requested: seeds.length, failures: aggregator.failed, warnings };
}
