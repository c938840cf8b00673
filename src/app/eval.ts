import { z } from 'zod';
import { plainIssue, type Issue } from '../input/issues.js';
import { INDICATOR_NAMES } from '../model/indicators.js';
import { runScenario, withFirms } from '../runner/runScenario.js';
import { withReads, type Env } from './env.js';
import { loadInputs } from './inputs.js';

/**
 * One job of `mvsim eval`, one JSON object a line: a scenario (a file's path, or the
 * scenario itself), a seed (default: the scenario's first), parameter overrides,
 * a firm count, the outputs wanted (default: every indicator's final value and mean)
 * and an `id` echoed back for the caller's bookkeeping.
 */
export const EvalJobSchema = z.strictObject({
  id: z.union([z.string().max(200), z.number()]).optional(),
  scenario: z.union([z.string().min(1).max(4096), z.record(z.string(), z.unknown())]),
  seed: z.number().int().min(0).max(4294967295).optional(),
  parameters: z.record(z.string(), z.number()).optional(),
  firms: z.number().int().min(1).max(1_000_000).optional(),
  outputs: z.array(z.string()).max(1000).optional(),
});
export type EvalJob = z.infer<typeof EvalJobSchema>;

/** What one job gave: its outputs, or why it has none (`input` for a mistake in the line, else a failed run). */
export type EvalAnswer =
  | { readonly ok: true; readonly line: number; readonly id?: string | number; readonly scenario: string; readonly seed: number; readonly firms: number; readonly outputs: Record<string, number> }
  | { readonly ok: false; readonly line: number; readonly id?: string | number; readonly input: boolean; readonly issues: readonly { readonly code: string; readonly path: string; readonly message: string }[] };

/** A line's issues as JSON: code, field path, the message (with where, when it has a place) and any suggestion. */
const issuesOf = (env: Env, issues: readonly Issue[]) =>
  issues
    .filter((i) => i.severity === 'error')
    .map((i) => ({ code: i.code, path: i.path.join('.'), message: i.file ? `${env.files.shown(i.file)}${i.line ? `:${i.line}:${i.column ?? 1}` : ''}: ${i.message}` : i.message, ...(i.suggestion ? { suggestion: i.suggestion } : {}) }));

/**
 * Runs one line of `mvsim eval`. A scenario given inline, or a file with parameter
 * overrides, is checked exactly as a file would be: the line's scenario is a virtual
 * file `eval-line-N.yaml` in the working folder (overrides: one that `extends` the
 * file), so every mistake is reported with its field path, and the run's provenance
 * hashes are those of the scenario it ran.
 */
export function evalLine(env: Env, text: string, line: number, calibration: string | undefined): EvalAnswer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, line, input: true, issues: [{ code: 'JSON_SYNTAX', path: '', message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const job = EvalJobSchema.safeParse(value);
  if (!job.success) return { ok: false, line, input: true, issues: job.error.issues.map((i) => ({ code: 'INVALID_VALUE', path: i.path.map(String).join('.'), message: i.message })) };
  const j = job.data;
  const id = j.id === undefined ? {} : { id: j.id };
  const outputs = j.outputs ?? INDICATOR_NAMES.flatMap((n) => [`${n}:final`, `${n}:mean`]);
  const bad = outputs.find((o) => !INDICATOR_NAMES.includes(o.split(':')[0]!) || !['final', 'mean', undefined].includes(o.split(':')[1]) || o.split(':').length > 2);
  if (bad !== undefined) return { ok: false, line, ...id, input: true, issues: [{ code: 'INVALID_VALUE', path: 'outputs', message: `"${bad}": expected INDICATOR[:final|mean] with an indicator of the model (mvsim calibration names them)` }] };

  // the scenario as a file: the one named, or a virtual one for an inline scenario or overrides (which extends the file, under its name)
  const virtual = env.files.resolve('.', `eval-line-${line}.yaml`);
  let scenarioText: string | undefined;
  if (typeof j.scenario !== 'string') scenarioText = JSON.stringify(j.parameters ? { ...j.scenario, parameters: { ...((j.scenario['parameters'] as object | undefined) ?? {}), ...j.parameters } } : j.scenario);
  else if (j.parameters) {
    const parent = loadInputs(env, j.scenario, calibration);
    if (!parent.ok) return { ok: false, line, ...id, input: true, issues: issuesOf(env, parent.issues) };
    scenarioText = JSON.stringify({ name: parent.inputs.scenario.name, extends: env.files.resolve('.', j.scenario), parameters: j.parameters });
  }
  const files: Env = scenarioText === undefined ? env : withReads(env, (file, maxBytes, expected, next) => (file === virtual ? { ok: true, text: scenarioText } : next(file, maxBytes, expected)));
  const loaded = loadInputs(files, scenarioText === undefined ? (j.scenario as string) : virtual, calibration);
  if (!loaded.ok) return { ok: false, line, ...id, input: true, issues: issuesOf(env, loaded.issues) };
  const { inputs } = loaded;
  const seed = j.seed ?? inputs.scenario.seeds[0] ?? 1;
  const setup = withFirms(inputs, j.firms);
  const r = runScenario({ ...setup, seed });
  if (!r.ok) return { ok: false, line, ...id, input: r.issues.some((i) => i.code === 'EXPRESSION_RUNTIME'), issues: issuesOf(env, r.issues.length ? r.issues : [plainIssue('RUN_FAILED', 'the run failed')]) };
  const s = r.result.summary.indicators;
  return {
    ok: true,
    line,
    ...id,
    scenario: inputs.scenario.name,
    seed,
    firms: r.result.firms,
    outputs: Object.fromEntries(outputs.map((o) => {
      const [name, statistic = 'final'] = o.split(':');
      return [o, s[name!]![statistic as 'final' | 'mean']];
    })),
  };
}
