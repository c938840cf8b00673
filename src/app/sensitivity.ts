import { analyseOutput, sensitivityPlan, sampleRows, type Factor, type OutputSpec, type SensitivitySpec } from '../analysis/sensitivity.js';
import type { Calibration } from '../calibration/load.js';
import { memberMatches, provenanceOf, rangeOf } from '../calibration/schema.js';
import { FAILURE_CODES, failure, plainIssue, type Issue, type Outcome } from '../input/issues.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { DOCTRINE_WEIGHTS } from '../model/doctrine.js';
import { isParamId, PARAM_BOUNDS, PARAM_IDS } from '../model/params.js';
import { buildSensitivityResult } from '../analysis/sensitivityResult.js';
import type { SensitivityResult } from '../results/sensitivityResult.js';
import { resultMetaOf, withFirms } from '../runner/runScenario.js';
import type { SensitivityJob } from '../runner/sensitivityJob.js';
import type { Env, OnProgress } from './env.js';
import { loadInputs } from './inputs.js';
import { slug, type ScenarioArgs } from './run.js';
import { locateRunIssue } from './scenarioLocation.js';
import { refuseExisting, writeAll } from './write.js';

/** The plausible range of a doctrine weight as a factor: from ignoring the component to counting it twice. */
export const DOCTRINE_RANGE = [0, 2] as const;

/** Parameters that are never factors: the number of firm agents is a resolution, not an uncertainty. */
const NOT_FACTORS: readonly string[] = ['firms.count'];

/** The most runs one analysis may ask for (points × seeds × scenarios). */
export const MAX_SENSITIVITY_RUNS = 5_000_000;

export interface SensitivityArgs extends ScenarioArgs {
  /** With a baseline scenario, every output is the paired difference scenario − baseline. */
  readonly against?: string | undefined;
  readonly spec: SensitivitySpec;
  /** Factors by id (parameters with a range, or doctrine.<weight>). */
  readonly params: readonly string[];
  /** Factors by calibration group (its assumptions), or `doctrine` (the six weights). */
  readonly groups: readonly string[];
  readonly allAssumptions: boolean;
  readonly seeds: readonly number[];
  readonly outputs: readonly OutputSpec[];
  readonly resamples: number;
  readonly level: number;
  readonly workers?: number | undefined;
}

export interface SensitivityDone {
  readonly written: string;
  readonly result: SensitivityResult;
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
  return { id, path: `parameters.${id}`, low: range[0], high: range[1], integer: (PARAM_BOUNDS[id] as readonly unknown[])[2] === 'int', group, provenance: provenanceOf(entry) };
}

const doctrineFactor = (w: string): Factor => ({ id: `doctrine.${w}`, path: `doctrine.${w}`, low: DOCTRINE_RANGE[0], high: DOCTRINE_RANGE[1], integer: false, group: 'doctrine', provenance: 'doctrine' });

/** The group of a parameter in the calibration (or `ungrouped` in a calibration without groups). */
const groupOf = (cal: Calibration, id: string): string => Object.entries(cal.file.groups ?? {}).find(([, g]) => g.members.some((m) => memberMatches(m, id)))?.[0] ?? 'ungrouped';

/**
 * The factors asked for, in a fixed order (calibration order, then doctrine weights),
 * each once. A parameter the scenario or the baseline sets is its lever, not an
 * uncertainty: named with --params it is refused; taken in by a group it is left out
 * with a note.
 */
export function selectFactors(cal: Calibration, args: Pick<SensitivityArgs, 'params' | 'groups' | 'allAssumptions'>, fixed: ReadonlySet<string>): Outcome<{ factors: Factor[]; notes: string[] }> {
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

/**
 * `sensitivity`: a Morris screening or a Sobol' analysis of a scenario's outputs (or,
 * with a baseline, of its paired effect) over the factors' plausible ranges. Every
 * design point runs the same seeds; the result does not depend on the worker count.
 */
export async function runSensitivity(env: Env, args: SensitivityArgs, onProgress?: OnProgress): Promise<Outcome<SensitivityDone>> {
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
  const { factors, notes } = chosen;
  if (args.spec.method === 'sobol' && 2 * factors.length > 400) return fail(`A Sobol' analysis takes at most 200 factors; ${factors.length} are named (screen them with --method morris first)`);
  const count = args.spec.method === 'morris' ? args.spec.trajectories * (factors.length + 1) : args.spec.samples * (factors.length + 2);
  const runs = count * args.seeds.length * (baseline ? 2 : 1);
  if (runs > MAX_SENSITIVITY_RUNS) return fail(`This analysis is ${count} points × ${args.seeds.length} seeds${baseline ? ' × 2 scenarios' : ''} = ${runs} runs; the limit is ${MAX_SENSITIVITY_RUNS}`);
  const plan = sensitivityPlan(args.spec, factors.length);

  const method = args.spec.method;
  const out = args.out ?? `results/${slug(inputs.scenario.name)}-${method}.json`;
  const refused = refuseExisting(env, [{ path: out, remedy: 'choose another --out' }], args.force);
  if (refused) return refused;

  const setup = withFirms(inputs, args.firms);
  const y = args.outputs.map(() => new Float64Array(plan.count));
  const failures: string[] = [];
  let inputError: Issue | undefined;
  const jobs: SensitivityJob[] = Array.from({ length: plan.count }, (_, point) => ({ point, x: plan.points.slice(point * plan.d, (point + 1) * plan.d) }));
  onProgress?.(0, jobs.length);
  const ran = await env.pool.run({
    task: 'sensitivity',
    setup: { setup, ...(baseline ? { baseline } : {}), factors, seeds: args.seeds, outputs: args.outputs },
    jobs,
    workers: args.workers ?? env.pool.defaultWorkers,
    onCrash: (_index, error) => failure('RUN_FAILED', error),
    onResult: (point, r) => {
      if (r.ok) r.values.forEach((v, k) => (y[k]![point] = v));
      else {
        const mistake = r.issues.find((i) => !FAILURE_CODES.includes(i.code));
        if (mistake && inputError === undefined) inputError = locateRunIssue(texts, { ...mistake, message: `At design point ${point}, ${mistake.message}. No analysis was written.` });
        if (failures.length < 20) failures.push(`point ${point}: ${r.issues.map((i) => i.message).join('; ')}`);
        else failures.push('');
      }
      onProgress?.(point + 1, jobs.length);
    },
  });
  if (!ran.ok) return { ok: false, issues: ran.issues.map((i) => ({ ...i, message: `The analysis stopped: ${i.message}. No analysis was written.` })) };
  if (inputError) return { ok: false, issues: [inputError] };
  if (failures.length) {
    const shown = failures.filter((f) => f !== '');
    return { ok: false, issues: [...shown.map((f) => plainIssue('RUN_FAILED', f)), plainIssue('RUN_FAILED', `${failures.length} of ${plan.count} design points failed${failures.length > shown.length ? ` (the first ${shown.length} listed)` : ''}; an analysis needs every point, so none was written`)] };
  }
  const analyses = args.outputs.map((o, k) => analyseOutput(plan, factors, y[k]!, `${o.indicator}:${o.statistic}`, args.resamples, args.level));
  const result = buildSensitivityResult({
    meta: resultMetaOf(setup),
    baseline: baseline && base?.ok ? { scenario: baseline, sha256: base.inputs.provenance.scenarioSha256 } : undefined,
    plan,
    factors,
    seeds: args.seeds,
    outputs: args.outputs,
    analyses,
    y,
    samples: sampleRows(plan),
    resamples: args.resamples,
    level: args.level,
    notes,
  });
  const written = writeAll(env, [{ path: out, content: `${canonicalJson(result, 1)}\n` }], args.force);
  return written.ok ? { ok: true, written: out, result, notes, warnings } : written;
}
