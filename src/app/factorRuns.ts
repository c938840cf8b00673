import { factorPath, type Factor, type OutputSpec } from '../analysis/sensitivity.js';
import type { Calibration } from '../calibration/load.js';
import { memberMatches, provenanceOf, rangeOf } from '../calibration/schema.js';
import { failure, inputMistake, plainIssue, type Issue, type Outcome } from '../input/issues.js';
import { DOCTRINE_WEIGHTS } from '../model/doctrine.js';
import { isParamId, PARAM_BOUNDS, PARAM_IDS } from '../model/params.js';
import { withFirms, type RunSetup } from '../runner/runScenario.js';
import type { SensitivityJob } from '../runner/sensitivityJob.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Env, OnProgress } from './env.js';
import { loadInputs } from './inputs.js';
import { locateRunIssue } from './scenarioLocation.js';
import { runJobs, type Replay, type ShardArgs } from './shard.js';
import type { SensitivityJobResult } from '../runner/sensitivityJob.js';

/** The plausible range of a doctrine weight as a factor: from ignoring the component to counting it twice. */
export const DOCTRINE_RANGE = [0, 2] as const;

/** Parameters that are never factors: the number of firm agents is a resolution, not an uncertainty. */
const NOT_FACTORS: readonly string[] = ['firms.count'];

/** The most runs one analysis may ask for (points × seeds × scenarios). */
export const MAX_SENSITIVITY_RUNS = 5_000_000;

/** Which factors to vary, and over what: the inputs every factor-space command shares. */
export interface FactorArgs {
  readonly scenario: string;
  /** With a baseline scenario, every output is the paired difference scenario − baseline. */
  readonly against?: string | undefined;
  readonly calibration?: string | undefined;
  readonly firms?: number | undefined;
  /** Factors by id (parameters with a range, or doctrine.<weight>). */
  readonly params: readonly string[];
  /** Factors by calibration group (its assumptions), or `doctrine` (the six weights). */
  readonly groups: readonly string[];
  readonly allAssumptions: boolean;
}

/** What every command over a design of factor values takes besides its factors: the seeds at each point, the interval's level, workers and where to write. */
export interface DesignRunArgs extends FactorArgs {
  readonly seeds: readonly number[];
  readonly level: number;
  readonly workers?: number | undefined;
  readonly out?: string | undefined;
  readonly force: boolean;
  /** Run only this shard's block of the design points and write a partial file for `mvsim merge`. */
  readonly shard?: ShardArgs | undefined;
}

/** What such a command wrote, its result, the factors it left out and the scenario's warnings. */
export interface DesignRunDone<R> {
  readonly written: string;
  readonly result: R;
  /** Factors left out because the scenario or the baseline sets them, and why. */
  readonly notes: readonly string[];
  readonly warnings: readonly Issue[];
}

const fail = (message: string): Outcome<never> => failure('INVALID_OPTION', message);

/** A parameter as a factor, over its plausible range. */
function parameterFactor(cal: Calibration, id: string, group: string): Factor | undefined {
  const entry = cal.file.parameters[id];
  const range = entry && rangeOf(entry);
  if (!entry || !range || !isParamId(id)) return undefined;
  return { id, path: factorPath(id), low: range[0], high: range[1], integer: (PARAM_BOUNDS[id] as readonly unknown[])[2] === 'int', group, provenance: provenanceOf(entry) };
}

const doctrineFactor = (w: string): Factor => ({ id: `doctrine.${w}`, path: factorPath(`doctrine.${w}`), low: DOCTRINE_RANGE[0], high: DOCTRINE_RANGE[1], integer: false, group: 'doctrine', provenance: 'doctrine' });

/** The group of a parameter in the calibration (or `ungrouped` in a calibration without groups). */
const groupOf = (cal: Calibration, id: string): string => Object.entries(cal.file.groups ?? {}).find(([, g]) => g.members.some((m) => memberMatches(m, id)))?.[0] ?? 'ungrouped';

/**
 * The factors asked for, in a fixed order (calibration order, then doctrine weights),
 * each once. A parameter the scenario or the baseline sets is its lever, not an
 * uncertainty: named with --params it is refused; taken in by a group it is left out
 * with a note.
 */
export function selectFactors(cal: Calibration, args: Pick<FactorArgs, 'params' | 'groups' | 'allAssumptions'>, fixed: ReadonlySet<string>): Outcome<{ factors: Factor[]; notes: string[] }> {
  const wanted = new Set<string>();
  const notes: string[] = [];
  const groups = cal.file.groups ?? {};
  for (const id of args.params) {
    if (id.startsWith('doctrine.')) {
      if (!DOCTRINE_WEIGHTS.includes(id.slice('doctrine.'.length) as (typeof DOCTRINE_WEIGHTS)[number])) return fail(`--params ${id}: no such doctrine weight; the weights are ${DOCTRINE_WEIGHTS.map((w) => `doctrine.${w}`).join(', ')}`);
    } else if (!isParamId(id)) return fail(`--params ${id}: no such parameter (mvsim calibration --assumptions lists them)`);
    else if (NOT_FACTORS.includes(id)) return fail(`--params ${id}: the number of firm agents is a resolution, not an uncertainty (use --firms)`);
    else if (!parameterFactor(cal, id, '')) return fail(`--params ${id}: it has no plausible range in the calibration, so it cannot be varied`);
    else if (fixed.has(id)) return fail(`--params ${id}: the scenario or the baseline sets it, so it is their lever, not an uncertainty`);
    wanted.add(id);
  }
  for (const name of args.groups) {
    if (name === 'doctrine') {
      for (const w of DOCTRINE_WEIGHTS) wanted.add(`doctrine.${w}`);
      continue;
    }
    const g = groups[name];
    if (!g) return fail(`--group ${name}: no such group; the calibration's groups are ${[...Object.keys(groups), 'doctrine'].join(', ')}`);
    for (const id of PARAM_IDS) if (g.members.some((m) => memberMatches(m, id)) && cal.file.parameters[id] && provenanceOf(cal.file.parameters[id]) === 'assumption') wanted.add(id);
  }
  if (args.allAssumptions) for (const id of PARAM_IDS) if (cal.file.parameters[id] && provenanceOf(cal.file.parameters[id]) === 'assumption') wanted.add(id);
  const factors: Factor[] = [];
  for (const id of PARAM_IDS) {
    if (!wanted.has(id) || NOT_FACTORS.includes(id)) continue;
    if (fixed.has(id)) {
      notes.push(`${id} is left out: the scenario or the baseline sets it`);
      continue;
    }
    factors.push(parameterFactor(cal, id, groupOf(cal, id))!);
  }
  for (const w of DOCTRINE_WEIGHTS) if (wanted.has(`doctrine.${w}`)) factors.push(doctrineFactor(w));
  if (!factors.length) return fail('Name the factors to vary: --params ID…, --group NAME or --all-assumptions');
  return { ok: true, factors, notes };
}


/** A scenario (and its baseline) loaded, with the factors to vary and the texts to locate run-time mistakes in. */
export interface FactorSetting {
  readonly setup: RunSetup;
  readonly baseline?: { readonly scenario: ResolvedScenario; readonly sha256: string };
  readonly factors: readonly Factor[];
  /** Factors left out because the scenario or the baseline sets them. */
  readonly notes: readonly string[];
  readonly warnings: readonly Issue[];
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * Loads the scenario and the baseline (which must run the same months) and selects
 * the factors. A parameter either scenario sets is their lever and is not varied.
 */
export function loadFactorSetting(env: Env, args: FactorArgs): Outcome<{ setting: FactorSetting }> {
  const loaded = loadInputs(env, args.scenario, args.calibration);
  if (!loaded.ok) return loaded;
  const { inputs, warnings, texts } = loaded;
  const base = args.against === undefined ? undefined : loadInputs(env, args.against, args.calibration);
  if (base && !base.ok) return base;
  const baseline = base?.inputs.scenario;
  if (baseline && (baseline.start !== inputs.scenario.start || baseline.horizon !== inputs.scenario.horizon)) {
    return fail(`--against ${args.against}: the baseline runs ${baseline.horizon} months from ${baseline.start}, the scenario ${inputs.scenario.horizon} from ${inputs.scenario.start}; an effect needs the same months`);
  }
  const fixed = new Set([...Object.keys(inputs.scenario.parameters), ...Object.keys(baseline?.parameters ?? {})]);
  const chosen = selectFactors(inputs.calibration, args, fixed);
  if (!chosen.ok) return chosen;
  return {
    ok: true,
    setting: {
      setup: withFirms(inputs, args.firms),
      ...(baseline && base?.ok ? { baseline: { scenario: baseline, sha256: base.inputs.provenance.scenarioSha256 } } : {}),
      factors: chosen.factors,
      notes: chosen.notes,
      warnings,
      texts,
    },
  };
}

/** Why a design is too large to run, or undefined: points × seeds × scenarios against the run budget. */
export function runBudgetProblem(setting: FactorSetting, points: number, seeds: number): Outcome<never> | undefined {
  const runs = points * seeds * (setting.baseline ? 2 : 1);
  return runs > MAX_SENSITIVITY_RUNS ? fail(`This design is ${points} points × ${seeds} seeds${setting.baseline ? ' × 2 scenarios' : ''} = ${runs} runs; the limit is ${MAX_SENSITIVITY_RUNS}`) : undefined;
}

/**
 * Evaluates every point of a unit-cube design (row-major, count × factors) on the
 * worker pool: each output's mean over the seeds at each point (of the paired
 * difference, with a baseline). Every point must succeed: a mistake in the scenario
 * that shows only in a run is the user's (exit 2, located); failed runs are listed
 * (exit 1); either way nothing is returned to write.
 */
export async function evaluatePoints(
  env: Env,
  setting: FactorSetting,
  points: Float64Array,
  seeds: readonly number[],
  outputs: readonly OutputSpec[],
  workers: number | undefined,
  onProgress?: OnProgress,
  mode: { readonly shard?: ShardArgs | undefined; readonly replay?: Replay | undefined } = {},
): Promise<Outcome<{ y: Float64Array[] } | { shard: { first: number; end: number; results: SensitivityJobResult[] } }>> {
  const d = setting.factors.length;
  const count = points.length / d;
  const y = outputs.map(() => new Float64Array(count));
  const failures: string[] = [];
  let failed = 0;
  let inputError: Issue | undefined;
  const jobs: SensitivityJob[] = Array.from({ length: count }, (_, point) => ({ point, x: points.slice(point * d, (point + 1) * d) }));
  onProgress?.(0, jobs.length);
  const ran = await runJobs(env, {
    task: 'sensitivity',
    setup: { setup: setting.setup, ...(setting.baseline ? { baseline: setting.baseline.scenario } : {}), factors: setting.factors, seeds, outputs },
    jobs,
    workers: workers ?? env.pool.defaultWorkers,
    onCrash: (_index, error) => failure('RUN_FAILED', error),
    onResult: (point, r) => {
      if (r.ok) r.values.forEach((v, k) => (y[k]![point] = v));
      else {
        const mistake = inputMistake(r.issues);
        if (mistake && inputError === undefined) inputError = locateRunIssue(setting.texts, { ...mistake, message: `At design point ${point}, ${mistake.message}. Nothing was written.` });
        failed++;
        if (failures.length < 20) failures.push(`point ${point}: ${r.issues.map((i) => i.message).join('; ')}`);
      }
      onProgress?.(point + 1, jobs.length);
    },
  }, mode.shard, mode.replay);
  if (!ran.ok) return { ok: false, issues: ran.issues.map((i) => ({ ...i, message: `The design stopped: ${i.message}. Nothing was written.` })) };
  if (inputError) return { ok: false, issues: [inputError] };
  if (ran.shard) return { ok: true, shard: ran.shard };
  if (failed) return { ok: false, issues: [...failures.map((f) => plainIssue('RUN_FAILED', f)), plainIssue('RUN_FAILED', `${failed} of ${count} design points failed${failed > failures.length ? ` (the first ${failures.length} listed)` : ''}; every point is needed, so nothing was written`)] };
  return { ok: true, y };
}
