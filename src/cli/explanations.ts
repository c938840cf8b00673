import { availableParallelism } from 'node:os';
import { meanAttributions, type Attribution, type SeedDecomposition } from '../analysis/decompose.js';
import { explainResult, type ExplainedDocument, type Explanation } from '../analysis/explain.js';
import type { Issue } from '../input/issues.js';
import { roundValue } from '../results/runResult.js';
import type { RunSetup } from '../runner/runScenario.js';
import { loadCalibration, type SourceReader } from './inputs.js';
import { UsageError, type CliIo } from './io.js';
import { topLevelKeyLine } from '../results/parseResult.js';
import { runTask } from './workers.js';
import { ENGINE_VERSION } from '../io/package.js';

export interface ExplainOptions {
  readonly calibration?: string | undefined;
  readonly workers?: number | undefined;
  /** Ensembles: how many of the seeds (the first ones) to decompose. */
  readonly decomposeSeeds: number;
}

const incomparable = (reader: SourceReader, file: string, field: string, message: string): Issue => ({
  code: 'INCOMPARABLE', severity: 'error', file, line: topLevelKeyLine(reader.texts.get(file) ?? '', field), column: 1, path: [field], message,
});

/**
 * Explains a run or an ensemble: re-runs its seeds with every subset of powers held
 * (on worker threads), checks that the real runs reproduce the file, and builds the
 * explanation. A result this engine or calibration cannot reproduce is refused (a
 * usage error); a counterfactual run that breaks an invariant is a failure.
 */
export async function explainDocument(io: CliIo, reader: SourceReader, file: string, doc: ExplainedDocument, opts: ExplainOptions): Promise<{ ok: true; explanation: Explanation } | { ok: false; error: string }> {
  const { calibration, sha256 } = loadCalibration(io, opts.calibration);
  const problems: Issue[] = [];
  if (doc.engine.version !== ENGINE_VERSION) problems.push(incomparable(reader, file, 'engine', `made by mvsim ${doc.engine.version}; this is ${ENGINE_VERSION}, whose counterfactual runs need not match it. Re-run the scenario with this version`));
  if (doc.calibration.sha256 !== sha256) problems.push(incomparable(reader, file, 'calibration', `made with calibration ${doc.calibration.sha256.slice(0, 12)}…; the calibration given is ${sha256.slice(0, 12)}…. Pass the one it was made with (--calibration FILE)`));
  if (problems.length) reader.fail(problems);

  const setup: RunSetup = {
    scenario: doc.scenario.resolved,
    calibration,
    provenance: { engineVersion: ENGINE_VERSION, scenarioSha256: doc.scenario.sha256, calibrationSha256: sha256 },
    firms: doc.firms,
  };
  const seeds = doc.kind === 'run' ? [doc.seed] : doc.perSeed.seeds.slice(0, opts.decomposeSeeds);
  const perSeed: (readonly Attribution[])[] = [];
  const failures: string[] = [];
  await runTask({
    task: 'decompose',
    setup,
    jobs: seeds,
    workers: opts.workers ?? availableParallelism(),
    onCrash: (_seed, error): SeedDecomposition => ({ ok: false, error }),
    onResult: (i, r) => {
      if (r.ok) perSeed.push(r.attributions);
      else failures.push(`seed ${seeds[i]}: ${r.error}`);
    },
  });
  if (failures.length) return { ok: false, error: `The decomposition could not be completed: ${failures.join('; ')}` };

  // The run with nothing held is the real run: it must give the file's own numbers.
  const H = doc.months.length - 1;
  perSeed.forEach((attributions, i) => {
    for (const a of attributions) {
      const expected = doc.kind === 'run' ? doc.series[a.indicator]![H]! : doc.perSeed.final[a.indicator]![i]!;
      if (roundValue(a.final) !== expected) {
        throw new UsageError(`${reader.rel(file)}: re-running seed ${seeds[i]} gives ${a.indicator} = ${roundValue(a.final)} at ${doc.months[H]}, but the file says ${expected}; it was not made from this scenario and calibration by this engine, so it cannot be explained`);
      }
    }
  });
  return { ok: true, explanation: explainResult(doc, { seeds, attributions: meanAttributions(perSeed) }) };
}
