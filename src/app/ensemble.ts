import { EnsembleAggregator, type EnsembleMeta } from '../analysis/ensemble.js';
import { failure, inputMistake, plainIssue, type Issue, type Outcome } from '../input/issues.js';
import { runMonths } from '../model/calendar.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { continuationSetup, resultMetaOf, withFirms, type RunSetup } from '../runner/runScenario.js';
import type { SampledSeed, SeedJobResult, SeedJobSetup, StateJob } from '../runner/seedJob.js';
import type { Env, JobList, OnProgress } from './env.js';
import { loadInputs, type LoadedInputs } from './inputs.js';
import { locateRunIssue } from './scenarioLocation.js';
import { selectFactors } from './factorRuns.js';
import { assumptionDraws, type AssumptionMethod, type AssumptionSampling } from '../analysis/assumptionSample.js';
import { CHECKPOINT_FROM_STATE, checkpointStep, inFolder, runFileName, slug, stateFileName, type ScenarioArgs } from './run.js';
import { MAX_RESULT_BYTES, readStateFolder, statesOf } from './states.js';
import { refuseExisting, writeAll, type Destination } from './write.js';
import { partialName, recordingEnv, runJobs, writePartial, type PartialDone, type Replay, type ShardArgs } from './shard.js';
import { shardJobs } from '../results/partialDocument.js';
import { SERIES_SCHEMA_VERSION, seriesEntry, type SeriesDocument } from '../results/seriesDocument.js';
import { INDICATOR_NAMES } from '../model/indicators.js';
import { ENGINE_VERSION } from '../results/engineVersion.js';

export interface EnsembleArgs extends ScenarioArgs {
  /** Ascending, distinct seeds. */
  readonly seeds: readonly number[];
  readonly workers?: number | undefined;
  /** Also write each seed's run result into this folder. */
  readonly keepRuns?: string | undefined;
  /** Also keep each seed's values at these months (YYYY-MM). */
  readonly months: readonly string[];
  /** Also save each seed's state after this month (YYYY-MM) into `checkpointDir`. */
  readonly checkpointAt?: string | undefined;
  /** The folder for the states of `checkpointAt`, one file per seed, named as a single run names its state (`<scenario>-seed<N>-<YYYY-MM>.state.json`). */
  readonly checkpointDir?: string | undefined;
  /** Draw each run's assumptions from their plausible ranges (Latin hypercube over the runs, or Monte Carlo per seed). */
  readonly sampleAssumptions?: AssumptionMethod | undefined;
  /** The seed of those draws (default 1). */
  readonly assumptionSeed?: number | undefined;
  /** Run only this shard's block of the seeds and write a partial file for `mvsim merge`. */
  readonly shard?: ShardArgs | undefined;
  /** Also write every seed's trajectories into this one file (`kind: "series"`, for `mvsim export`). */
  readonly keepSeries?: string | undefined;
}

/** An ensemble continued from saved states; `checkpointAt` and `checkpointDir` are refused (a continued state is not checkpointed). */
export interface ContinueEnsembleArgs extends Omit<EnsembleArgs, 'seeds'> {
  /** A folder of `*.state.json` files: the states of one run at one month, one per seed. */
  readonly fromState: string;
  /** Continue exactly these seeds' states (ascending, distinct); default: every state in the folder. */
  readonly seeds?: readonly number[] | undefined;
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

const invalid = (message: string): Outcome<never> => failure('INVALID_OPTION', message);

/** The months (YYYY-MM) whose per-seed values an ensemble keeps, sorted, or an issue for one outside the run. */
function keptMonths(inputs: LoadedInputs, asked: readonly string[]): Outcome<{ months: string[] }> {
  const months = runMonths(inputs.scenario.start, inputs.scenario.horizon);
  const outside = asked.find((m) => !months.includes(m));
  if (outside !== undefined) return invalid(`--month ${outside}: not a month of this run; the run covers ${months[0]} to ${months[months.length - 1]} (YYYY-MM)`);
  return { ok: true, months: [...new Set(asked)].sort() };
}

/** What is the same in every ensemble: where it is written, the files kept beside it, how many workers. */
interface Pooled {
  readonly out: string;
  /** The ensemble file the whole command writes (a shard's partial goes to `out`). */
  readonly whole: string;
  readonly force: boolean;
  readonly workers: number;
  readonly warnings: readonly Issue[];
  /** The texts of the scenario files, to locate a mistake that shows only when a seed runs. */
  readonly texts: ReadonlyMap<string, string>;
  /** The files to write for a seed, from its job's result, in the order written. */
  readonly files: (seed: number, r: SeedJobResult) => { path: string; content: string }[];
  /** A shard: its partial file is written instead of the ensemble (`args` and `inputs` go into it). */
  readonly shard?: { readonly spec: ShardArgs; readonly args: object; readonly inputs: ReadonlyMap<string, string> } | undefined;
  /** A merge: the results come from partial files. */
  readonly replay?: Replay | undefined;
  /** Also write every seed's trajectories here, with the ensemble. */
  readonly keepSeries?: string | undefined;
}

/**
 * Runs an ensemble's jobs on the pool and aggregates their results in seed order into
 * one ensemble file (so nothing depends on the number of workers), writing each
 * seed's own files as its result arrives. Seeds that fail are listed, not lost; when
 * every seed fails, no ensemble is written.
 */
async function pooled<T extends 'seed' | 'continue'>(env: Env, task: T, setup: SeedJobSetup, jobs: JobList<T extends 'seed' ? number | SampledSeed : StateJob>, meta: EnsembleMeta, p: Pooled, onProgress?: OnProgress): Promise<Outcome<EnsembleDone | PartialDone>> {
  const seeds = meta.seeds;
  const aggregator = new EnsembleAggregator(meta);
  const series: SeriesDocument['seeds'][number][] = [];
  let writeFailure: readonly Issue[] | undefined;
  let inputError: Issue | undefined;
  onProgress?.(0, seeds.length); // shown at once, before the first seed ends
  const ran = await runJobs<'seed' | 'continue'>(env, {
    task,
    workers: p.workers,
    setup,
    jobs,
    onCrash: (_index, error) => ({ outcome: failure('RUN_FAILED', error) }),
    onResult: (index, r) => {
      const seed = seeds[index]!;
      // A mistake in the scenario that shows only when a seed runs (a condition that cannot be evaluated) is the user's: exit 2, nothing more written.
      if (!r.outcome.ok && inputError === undefined) {
        const mistake = inputMistake(r.outcome.issues);
        if (mistake) inputError = locateRunIssue(p.texts, { ...mistake, message: `${mistake.message}. No ensemble was written.` });
      }
      aggregator.add(seed, r.outcome);
      if (p.keepSeries !== undefined && r.outcome.ok) series.push(seriesEntry(seed, r.outcome.summary.rows, r.outcome.summary.assumptions));
      const files = p.files(seed, r);
      if (files.length && writeFailure === undefined && inputError === undefined) {
        const w = writeAll(env, files, p.force);
        if (!w.ok) writeFailure = w.issues;
      }
      onProgress?.(index + 1, seeds.length);
    },
  }, p.shard?.spec, p.replay);
  if (!ran.ok) return { ok: false, issues: ran.issues.map((i) => ({ ...i, message: `The ensemble stopped: ${i.message}. No ensemble was written.` })) };
  if (inputError) return { ok: false, issues: [inputError] };
  if (writeFailure) return { ok: false, issues: writeFailure };
  if (p.shard && ran.shard) return writePartial(env, { command: 'run', args: p.shard.args, shard: p.shard.spec, inputs: p.shard.inputs, total: seeds.length, ran: ran.shard, whole: p.whole, out: p.out, force: p.force, warnings: p.warnings });
  const result = aggregator.result();
  if (!result) return { ok: false, issues: [...aggregator.failed.map((f) => plainIssue('RUN_FAILED', `seed ${f.seed} failed: ${f.error}`)), plainIssue('RUN_FAILED', `All ${seeds.length} seeds failed; no ensemble was written.`)] };
  const keptSeries: SeriesDocument | undefined =
    p.keepSeries === undefined
      ? undefined
      : {
          kind: 'series',
          schemaVersion: SERIES_SCHEMA_VERSION,
          engine: { name: 'mvsim', version: ENGINE_VERSION },
          scenario: { name: meta.scenario.name, sha256: meta.scenarioSha256 },
          calibration: { sha256: meta.calibrationSha256 },
          firms: meta.firms,
          months: runMonths(meta.scenario.start, meta.scenario.horizon),
          indicators: [...INDICATOR_NAMES],
          factors: meta.assumptions?.sampling.factors.map((f) => f.id) ?? [],
          seeds: series,
        };
  const written = writeAll(env, [{ path: p.out, content: `${canonicalJson(result, 1)}\n` }, ...(keptSeries ? [{ path: p.keepSeries!, content: `${canonicalJson(keptSeries)}\n` }] : [])], p.force);
  if (!written.ok) return written;
  return { ok: true, written: p.out, requested: seeds.length, failures: aggregator.failed, warnings: p.warnings };
}

/**
 * The run files of `--keep-runs`: a seed's result file, named as a single run names it
 * with the seed zero-padded to the widest seed of the ensemble (`-seed007.json` among
 * 1..100), so the folder lists in seed order.
 */
function keptRuns(keepRuns: string | undefined, scenario: string, seeds: readonly number[]): { destinations: (seeds: readonly number[]) => Destination[]; files: (seed: number, r: SeedJobResult) => { path: string; content: string }[] } {
  const width = String(Math.max(0, ...seeds)).length;
  const path = (seed: number): string => inFolder(keepRuns ?? '.', runFileName(scenario, seed, width));
  return {
    destinations: (seeds) => (keepRuns === undefined ? [] : seeds.map((s) => ({ path: path(s), remedy: 'choose another --keep-runs folder' }))),
    files: (seed, r) => (keepRuns !== undefined && r.runJson !== undefined ? [{ path: path(seed), content: r.runJson }] : []),
  };
}

/**
 * One run per seed on worker threads, aggregated in seed order into one ensemble file
 * (so nothing depends on the number of workers). Seeds that fail are listed, not lost;
 * when every seed fails, nothing is written. With `checkpointAt`, each seed's state
 * after that month is also written into `checkpointDir`, byte-identical to the state
 * file of that seed's single run; the ensemble file is the same as without. Every
 * destination is checked first.
 */
export async function runEnsemble(given: Env, args: EnsembleArgs, onProgress?: OnProgress, replay?: Replay): Promise<Outcome<EnsembleDone | PartialDone>> {
  // the input files read, for a shard's partial file (a merge reads them from there)
  const { env, inputs: read } = recordingEnv(given);
  const loaded = loadInputs(env, args.scenario, args.calibration);
  if (!loaded.ok) return loaded;
  const { inputs, warnings, texts } = loaded;
  const seeds = args.seeds;
  const keep = keptMonths(inputs, args.months);
  if (!keep.ok) return keep;
  if (args.checkpointDir !== undefined && args.checkpointAt === undefined) return invalid('--checkpoint-dir needs --checkpoint-at YYYY-MM: the month after which to save each seed\'s state');
  if (args.checkpointAt !== undefined && args.checkpointDir === undefined) return invalid(`--checkpoint-at ${args.checkpointAt} with --seeds needs --checkpoint-dir DIR: the folder for one state file per seed (a folder of its own, which run --from-state DIR continues)`);
  const step = args.checkpointAt === undefined ? undefined : checkpointStep(inputs.scenario, args.checkpointAt);
  if (step && !step.ok) return step;
  const whole = args.out ?? `results/${slug(inputs.scenario.name)}-seeds-${seedLabel(seeds)}.json`;
  const out = args.shard ? partialName(whole, args.shard) : whole;
  const runs = keptRuns(args.keepRuns, inputs.scenario.name, seeds);
  const stateFile = (seed: number): string => inFolder(args.checkpointDir!, stateFileName(inputs.scenario.name, seed, args.checkpointAt!));
  // a shard writes its own seeds' files only (other shards may already have written theirs into the same folder)
  const mine = args.shard ? seeds.slice(shardJobs(seeds.length, args.shard).first, shardJobs(seeds.length, args.shard).end) : seeds;
  if (args.keepSeries !== undefined && args.shard) return invalid('--keep-series with --shard: a series file cannot be merged yet; keep the runs instead (--keep-runs DIR: each shard writes its own seeds), or run the ensemble whole');
  const refused = refuseExisting(env, [
    { path: out, remedy: 'choose another --out' },
    ...(args.keepSeries !== undefined ? [{ path: args.keepSeries, remedy: 'choose another --keep-series' }] : []),
    ...runs.destinations(mine),
    ...(step === undefined ? [] : mine.map((s) => ({ path: stateFile(s), remedy: 'choose another --checkpoint-dir' }))),
  ], args.force);
  if (refused) return refused;

  const setup: RunSetup = withFirms(inputs, args.firms);
  const sampled = sampledAssumptions(inputs, args);
  if (sampled && !sampled.ok) return sampled;
  const draws = sampled ? assumptionDraws(sampled.sampling, seeds) : undefined;
  const jobs: JobList<number | SampledSeed> = draws ? { length: seeds.length, at: (i) => (i < seeds.length ? { seed: seeds[i]!, x: draws(i) } : undefined) } : seeds;
  const meta = { ...resultMetaOf(setup), seeds, keepMonths: keep.months, ...(sampled ? { assumptions: { sampling: sampled.sampling, notes: sampled.notes } } : {}) };
  return pooled(env, 'seed', { setup, keepRuns: args.keepRuns !== undefined, checkpointStep: step?.step, ...(sampled ? { factors: sampled.sampling.factors } : {}) }, jobs, meta, {
    out,
    whole,
    force: args.force,
    workers: args.workers ?? env.pool.defaultWorkers,
    warnings,
    texts,
    files: (seed, r) => [...runs.files(seed, r), ...(r.stateJson !== undefined ? [{ path: stateFile(seed), content: r.stateJson }] : [])],
    shard: args.shard ? { spec: args.shard, args, inputs: read } : undefined,
    replay,
    keepSeries: args.keepSeries,
  }, onProgress);
}

/**
 * Continues every state of a folder (or those of `seeds`) on worker threads, as
 * `runOne` continues one, and aggregates them in seed order into one ensemble file.
 * With the states' own scenario this resumes their ensemble: the file is byte-identical
 * to the uninterrupted ensemble over the same seeds. With another scenario it is a
 * branch, allowed when the scenario agrees with the states' run up to their month;
 * the file then records where it came from (`branch`). The folder is checked first,
 * one state at a time; each state is read again just before its job is sent (and
 * must still have the SHA-256 it was checked with), so memory does not grow with the
 * number of seeds.
 */
export async function continueEnsemble(env: Env, args: ContinueEnsembleArgs, onProgress?: OnProgress): Promise<Outcome<EnsembleDone>> {
  const loaded = loadInputs(env, args.scenario, args.calibration);
  if (!loaded.ok) return loaded;
  const { inputs, warnings, texts } = loaded;
  if (args.checkpointAt !== undefined || args.checkpointDir !== undefined) return invalid(CHECKPOINT_FROM_STATE);
  if (args.shard) return invalid('--shard with --from-state: continuing saved states cannot be sharded yet; shard the ensemble that makes them, or continue each folder of states on its own machine');
  const keep = keptMonths(inputs, args.months);
  if (!keep.ok) return keep;
  const folder = readStateFolder(env, args.fromState, loaded, args.firms);
  if (!folder.ok) return folder;
  const chosen = statesOf(folder, args.seeds, args.fromState, '--seeds');
  if (!chosen.ok) return chosen;
  const states = chosen.states;
  const seeds = states.map((s) => s.seed);
  const out = args.out ?? `results/${slug(inputs.scenario.name)}-seeds-${seedLabel(seeds)}.json`;
  const runs = keptRuns(args.keepRuns, inputs.scenario.name, seeds);
  const refused = refuseExisting(env, [{ path: out, remedy: 'choose another --out' }, ...runs.destinations(seeds)], args.force);
  if (refused) return refused;

  const { header } = folder;
  const setup = continuationSetup(withFirms(inputs, args.firms), header);
  const branch =
    inputs.provenance.scenarioSha256 === header.scenario.sha256
      ? undefined
      : {
          month: header.month,
          parent: { name: header.scenario.name, sha256: header.scenario.sha256 },
          states: states.length,
          statesSha256: env.sha256(states.map((s) => `${s.sha256}\n`).sort().join('')),
        };
  const jobs: JobList<StateJob> = {
    length: states.length,
    at: (index) => {
      const { file, sha256 } = states[index]!;
      const got = env.files.read(file, MAX_RESULT_BYTES, 'a JSON state file');
      if (!got.ok) return { file, issues: got.issues };
      const now = env.sha256(got.text);
      return now === sha256 ? { file, text: got.text, sha256 } : { file, issues: [plainIssue('RUN_FAILED', `${env.files.shown(file)} changed while the ensemble ran (its SHA-256 is no longer the one checked before the start)`)] };
    },
  };
  // no shard and no replay: the pool runs every job and the ensemble is written, never a partial
  return pooled(env, 'continue', { setup, keepRuns: args.keepRuns !== undefined }, jobs, { ...resultMetaOf(setup), seeds, keepMonths: keep.months, ...(branch ? { branch } : {}) }, {
    out,
    whole: out,
    force: args.force,
    workers: args.workers ?? env.pool.defaultWorkers,
    warnings,
    texts,
    files: runs.files,
  }, onProgress) as Promise<Outcome<EnsembleDone>>;
}

/**
 * The assumption sampling an ensemble asked for: every assumption except those the
 * scenario sets (its levers), drawn by `--sample-assumptions`. Not with checkpoints: a
 * state records the calibration's parameters, not a run's drawn ones.
 */
function sampledAssumptions(inputs: LoadedInputs, args: EnsembleArgs): Outcome<{ sampling: AssumptionSampling; notes: readonly string[] }> | undefined {
  if (args.sampleAssumptions === undefined) return undefined;
  if (args.checkpointAt !== undefined) return invalid('--sample-assumptions with --checkpoint-at: a state cannot yet record the assumptions its run drew; checkpoint an ensemble at the central values');
  const chosen = selectFactors(inputs.calibration, { params: [], groups: [], allAssumptions: true }, new Set(Object.keys(inputs.scenario.parameters)));
  if (!chosen.ok) return chosen;
  return { ok: true, sampling: { method: args.sampleAssumptions, seed: args.assumptionSeed ?? 1, factors: chosen.factors }, notes: chosen.notes };
}
