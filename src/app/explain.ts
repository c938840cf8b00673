import { incomparable } from '../analysis/samples.js';
import { meanAttributions, type Attribution, type SeedDecomposition } from '../analysis/decompose.js';
import { explainResult, type ExplainedDocument, type Explanation } from '../analysis/explain.js';
import { failure, messageOf, plainIssue, type Issue, type Outcome } from '../input/issues.js';
import { ENGINE_VERSION } from '../results/engineVersion.js';
import { INDICATOR_NAMES } from '../model/indicators.js';
import type { EnsembleResult } from '../results/ensembleResult.js';
import { indicatorSummary, roundValue } from '../results/runResult.js';
import { runScenario, type RunSetup } from '../runner/runScenario.js';
import type { RunResult } from '../results/runResult.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { assumptionDraws, type AssumptionSampling } from '../analysis/assumptionSample.js';
import { factorPath } from '../analysis/sensitivity.js';
import type { SampledSeed } from '../runner/seedJob.js';
import type { JobList } from './env.js';
import type { Env } from './env.js';
import { loadCalibration } from './inputs.js';
import { loadResult, locateFields } from './results.js';

export interface ExplainOptions {
  readonly calibration?: string | undefined;
  readonly workers?: number | undefined;
  /** Ensembles: how many of the seeds (the first ones) to decompose. */
  readonly decomposeSeeds: number;
}

/**
 * Explains a run or an ensemble: re-runs its seeds with every subset of powers held
 * (on worker threads), checks that the real runs reproduce the file, and builds the
 * explanation. A result this engine or calibration cannot reproduce is refused; a
 * counterfactual run that breaks an invariant is a failure (RUN_FAILED).
 */
export async function explainDocument(env: Env, file: string, text: string, doc: ExplainedDocument, opts: ExplainOptions): Promise<Outcome<{ explanation: Explanation }>> {
  const cal = loadCalibration(env, opts.calibration);
  if (!cal.ok) return cal;
  const texts = new Map([[file, text]]);
  const problems: Issue[] = [];
  if (doc.engine.version !== ENGINE_VERSION) problems.push(incomparable(file, 'engine', `made by mvsim ${doc.engine.version}; this is ${ENGINE_VERSION}, whose counterfactual runs need not match it. Re-run the scenario with this version`));
  if (doc.calibration.sha256 !== cal.sha256) problems.push(incomparable(file, 'calibration', `made with calibration ${doc.calibration.sha256.slice(0, 12)}…; the calibration given is ${cal.sha256.slice(0, 12)}…. Pass the one it was made with (--calibration FILE)`));
  if (problems.length) return { ok: false, issues: locateFields(problems, texts) };

  const setup: RunSetup = {
    scenario: doc.scenario.resolved,
    calibration: cal.calibration,
    provenance: { engineVersion: ENGINE_VERSION, scenarioSha256: doc.scenario.sha256, calibrationSha256: cal.sha256 },
    firms: doc.firms,
  };
  // A run is re-run first and must match the file number for number: every indicator in every month, and every logged event.
  if (doc.kind === 'run') {
    const again = runScenario({ ...setup, seed: doc.seed });
    if (!again.ok) return again;
    const mismatch = firstDifference(doc, again.result);
    if (mismatch) return { ok: false, issues: locateFields([incomparable(file, mismatch.field, `re-running seed ${doc.seed} gives ${mismatch.text}; it was not made from this scenario and calibration by this engine, so it cannot be explained`)], texts) };
  }
  const seeds = doc.kind === 'run' ? [doc.seed] : doc.perSeed.seeds.slice(0, opts.decomposeSeeds);
  // an ensemble whose runs drew their assumptions: each seed is decomposed with its own draw, recomputed from the file's record of how they were drawn
  const sampling = doc.kind === 'ensemble' && doc.assumptions ? samplingOf(doc.assumptions) : undefined;
  const draws = sampling && doc.kind === 'ensemble' ? assumptionDraws(sampling, doc.seeds) : undefined;
  const jobs: JobList<number | SampledSeed> = draws && doc.kind === 'ensemble' ? { length: seeds.length, at: (i) => (i < seeds.length ? { seed: seeds[i]!, x: draws(doc.seeds.indexOf(seeds[i]!)) } : undefined) } : seeds;
  const perSeed: (readonly Attribution[])[] = [];
  const realRows: Float64Array[] = [];
  const failures: string[] = [];
  const ran = await env.pool.run({
    task: 'decompose',
    setup: sampling ? { ...setup, factors: sampling.factors } : setup,
    jobs,
    workers: opts.workers ?? env.pool.defaultWorkers,
    onCrash: (_index, error): SeedDecomposition => failure('RUN_FAILED', error),
    onResult: (i, r) => {
      if (r.ok) {
        perSeed.push(r.attributions);
        realRows[i] = r.rows;
      }
      else failures.push(`seed ${seeds[i]}: ${messageOf(r.issues)}`);
    },
  });
  if (!ran.ok) return ran;
  if (failures.length) return { ok: false, issues: [plainIssue('RUN_FAILED', `The decomposition could not be completed: ${failures.join('; ')}`)] };

  // The run with nothing held is the real run: it must give the file's own numbers (for an ensemble, every value it keeps of each decomposed seed).
  if (doc.kind === 'ensemble') {
    for (const [i, rows] of realRows.entries()) {
      const mismatch = perSeedDifference(doc, i, rows);
      if (mismatch) return { ok: false, issues: locateFields([incomparable(file, 'perSeed', `re-running seed ${seeds[i]} gives ${mismatch}; it was not made from this scenario and calibration by this engine, so it cannot be explained`)], texts) };
    }
  }
  const H = doc.months.length - 1;
  for (const [i, attributions] of perSeed.entries()) {
    for (const a of attributions) {
      const expected = doc.kind === 'run' ? doc.series[a.indicator]![H]! : doc.perSeed.final[a.indicator]![i]!;
      if (roundValue(a.final) !== expected) {
        return { ok: false, issues: locateFields([incomparable(file, doc.kind === 'run' ? 'series' : 'perSeed', `re-running seed ${seeds[i]} gives ${a.indicator} = ${roundValue(a.final)} at ${doc.months[H]}, but the file says ${expected}; it was not made from this scenario and calibration by this engine, so it cannot be explained`)], texts) };
      }
    }
  }
  return { ok: true, explanation: explainResult(doc, { seeds, attributions: meanAttributions(perSeed) }) };
}

/** `explain`: loads one run or ensemble result and explains it (a sweep or a folder is refused). */
export async function explainFile(env: Env, given: string, opts: ExplainOptions): Promise<Outcome<{ explanation: Explanation }>> {
  const loaded = loadResult(env, given);
  if (!loaded.ok) return loaded;
  const { file, doc, text } = loaded;
  if (doc.kind === 'sweep') {
    return { ok: false, issues: locateFields([incomparable(file, 'kind', `${given} is a sweep; explain takes a run or an ensemble (run one point's scenario to explain it, or show the sweep with mvsim report)`)], new Map([[file, text]])) };
  }
  return explainDocument(env, file, text, doc, opts);
}

/** Where a re-run first differs from a run file (the top-level field, and in words), or undefined when they agree number for number. */
function firstDifference(file: RunResult, again: RunResult): { field: string; text: string } | undefined {
  for (const [name, values] of Object.entries(again.series)) {
    const given = file.series[name];
    for (let k = 0; k < values.length; k++) {
      if (given?.[k] !== values[k]) return { field: 'series', text: `${name} = ${values[k]} in ${again.months[k]}, but the file says ${given?.[k]}` };
    }
  }
  if (file.events.length !== again.events.length) return { field: 'events', text: `${again.events.length} logged events, but the file has ${file.events.length}` };
  for (let i = 0; i < again.events.length; i++) {
    if (canonicalJson(file.events[i]) !== canonicalJson(again.events[i])) return { field: 'events', text: `a different event ${i + 1} in ${again.events[i]!.month} (${again.events[i]!.kind}: ${again.events[i]!.detail})` };
  }
  return undefined;
}

/** Where a re-run seed's rows first differ from what an ensemble file keeps of its `i`-th seed (final value, horizon mean, kept months), in words. */
function perSeedDifference(doc: EnsembleResult, i: number, rows: Float64Array): string | undefined {
  const steps = doc.months.length;
  for (const [c, name] of INDICATOR_NAMES.entries()) {
    const s = indicatorSummary(rows, steps, c);
    if (s.final !== doc.perSeed.final[name]?.[i]) return `${name} = ${s.final} at the end, but the file says ${doc.perSeed.final[name]?.[i]}`;
    if (s.mean !== doc.perSeed.mean[name]?.[i]) return `a mean of ${name} of ${s.mean} over the horizon, but the file says ${doc.perSeed.mean[name]?.[i]}`;
    for (const [month, kept] of Object.entries(doc.perSeed.months)) {
      const v = roundValue(rows[doc.months.indexOf(month) * INDICATOR_NAMES.length + c]!);
      if (v !== kept[name]?.[i]) return `${name} = ${v} in ${month}, but the file says ${kept[name]?.[i]}`;
    }
  }
  return undefined;
}

/** How an ensemble file says its assumptions were drawn, as the sampler takes it. */
function samplingOf(a: NonNullable<EnsembleResult['assumptions']>): AssumptionSampling {
  return { method: a.method, seed: a.seed, factors: a.factors.map((f) => ({ ...f, path: factorPath(f.id) })) };
}
