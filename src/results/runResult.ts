import { z } from 'zod';
import type { RunOutput } from '../engine/simulate.js';
import { INDICATORS } from '../model/indicators.js';
import { ACTIONS } from '../model/kazakhstan.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { LogEntrySchema } from '../model/log.js';
import { ResolvedScenarioSchema } from '../scenario/resolved.js';

export const RESULT_SCHEMA_VERSION = 2 as const;

const StatsSchema = z.strictObject({ final: z.number(), mean: z.number(), min: z.number(), max: z.number() });

/** What every result document (run or ensemble) says about where it came from. */
export const PROVENANCE_SHAPE = {
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  engine: z.strictObject({ name: z.literal('mvsim'), version: z.string() }),
  scenario: z.strictObject({ name: z.string(), sha256: z.string().length(64), resolved: ResolvedScenarioSchema }),
  calibration: z.strictObject({ sha256: z.string().length(64) }),
  firms: z.number().int(),
  start: z.string(),
  horizon: z.number().int(),
  months: z.array(z.string()),
};

/** One run's result document. */
export const RunResultSchema = z.strictObject({
  ...PROVENANCE_SHAPE,
  kind: z.literal('run'),
  seed: z.number().int(),
  series: z.record(z.string(), z.array(z.number())),
  events: z.array(LogEntrySchema),
  summary: z.strictObject({
    indicators: z.record(z.string(), StatsSchema),
    decisions: z.record(z.string(), z.number().int()),
    scenarioEvents: z.number().int(),
    designations: z.number(),
  }),
  branch: z
    .strictObject({
      stateSha256: z.string().length(64),
      month: z.string(),
      parent: z.strictObject({ name: z.string(), sha256: z.string().length(64) }),
    })
    .optional()
    .describe('Present when the run continued a state made with another scenario: the state file, its month, and its scenario'),
});
export type RunResult = z.infer<typeof RunResultSchema>;

/** Twelve significant digits: enough for any analysis, and it keeps last-bit floating-point noise out of result bytes. */
export const roundValue = (v: number): number => (v === 0 ? 0 : Number(v.toPrecision(12)));

export type IndicatorSummary = z.infer<typeof StatsSchema>;

/**
 * One indicator's summary over a run: final value, mean over the horizon (months 1..H,
 * not the start state), min and max, rounded as in result files. Ensembles use the same
 * function, so a per-seed value in an ensemble equals the one in that seed's run file.
 */
export function indicatorSummary(rows: Float64Array, steps: number, column: number): IndicatorSummary {
  const cols = INDICATORS.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < steps; k++) {
    const v = rows[k * cols + column]!;
    if (k > 0) sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const first = rows[column]!;
  const last = rows[(steps - 1) * cols + column]!;
  return { final: roundValue(last), mean: roundValue(steps > 1 ? sum / (steps - 1) : first), min: roundValue(min), max: roundValue(max) };
}

/** Where a result comes from: the inputs' provenance and the firm count. */
export interface ResultMeta {
  readonly engineVersion: string;
  readonly scenario: z.infer<typeof ResolvedScenarioSchema>;
  readonly scenarioSha256: string;
  readonly calibrationSha256: string;
  readonly firms: number;
}

/** Where a branched run came from: the state file it continued, its month, and the scenario that made it. */
export interface BranchOrigin {
  readonly stateSha256: string;
  readonly month: string;
  readonly parent: { readonly name: string; readonly sha256: string };
}

export interface RunMeta extends ResultMeta {
  readonly seed: number;
  /** Only for a run that branched from another scenario's state. */
  readonly branch?: BranchOrigin;
}

/** The provenance fields of a result document, the same in runs and ensembles. */
export function provenanceFields(meta: ResultMeta, months: readonly string[]) {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    engine: { name: 'mvsim' as const, version: meta.engineVersion },
    scenario: { name: meta.scenario.name, sha256: meta.scenarioSha256, resolved: meta.scenario },
    calibration: { sha256: meta.calibrationSha256 },
    firms: meta.firms,
    start: meta.scenario.start,
    horizon: meta.scenario.horizon,
    months: [...months],
  };
}

/** Builds the result document of one run; key order is fixed so that equal inputs give equal bytes. */
export function buildRunResult(meta: RunMeta, out: RunOutput): RunResult {
  const cols = INDICATORS.length;
  const steps = out.months.length;
  const series: Record<string, number[]> = {};
  const indicators: Record<string, IndicatorSummary> = {};
  INDICATORS.forEach((spec, c) => {
    series[spec.name] = Array.from({ length: steps }, (_, k) => roundValue(out.rows[k * cols + c]!));
    indicators[spec.name] = indicatorSummary(out.rows, steps, c);
  });
  const decisions: Record<string, number> = Object.fromEntries(ACTIONS.map((a) => [a, 0]));
  for (const e of out.log) if (e.kind === 'decision') decisions[e.detail] = (decisions[e.detail] ?? 0) + 1;
  const events = out.log.map((e) => ({ ...e, ...(e.data ? { data: Object.fromEntries(Object.entries(e.data).map(([k, v]) => [k, roundValue(v)])) } : {}) }));
  return {
    ...provenanceFields(meta, out.months),
    kind: 'run',
    seed: meta.seed,
    series,
    events,
    summary: {
      indicators,
      decisions,
      scenarioEvents: out.log.filter((e) => e.actor === 'scenario').length,
      designations: series['sanctions.designations']?.[steps - 1] ?? 0,
    },
    ...(meta.branch ? { branch: meta.branch } : {}),
  };
}

/** The bytes of a run's result file. */
export const runFileContent = (result: RunResult): string => `${canonicalJson(result, 1)}\n`;
