import type { Issue, Outcome } from '../input/issues.js';
import { samplingIdentity } from './assumptionSample.js';
import type { EnsembleResult } from '../results/ensembleResult.js';
import type { ResultDocument } from '../results/parseResult.js';
import type { RunResult } from '../results/runResult.js';

/** A per-seed statistic of an indicator: its final value, its mean over the horizon, or its value at a month ('YYYY-MM'). */
export type StatKey = string;
export const FINAL: StatKey = 'final';
export const MEAN: StatKey = 'mean';

/** Whether a statistic is a value at a month rather than final or mean. */
const isMonth = (s: StatKey): boolean => s !== FINAL && s !== MEAN;

/** Words for a statistic in tables. */
export const describeStat = (s: StatKey): string => (s === FINAL ? 'final value' : s === MEAN ? 'mean over the horizon' : `value at ${s}`);

/** Where a sample came from and what it must share with another to be compared. */
export interface SampleMeta {
  /** The path as the user gave it. */
  readonly label: string;
  readonly source: 'run' | 'runs' | 'ensemble';
  /** A file that holds the fields below (for locating problems). */
  readonly file: string;
  readonly scenario: string;
  readonly scenarioSha256: string;
  readonly engineVersion: string;
  readonly calibrationSha256: string;
  readonly start: string;
  readonly horizon: number;
  readonly firms: number;
  /** How the runs drew their assumptions: runs pair only when drawn alike (see samplingIdentity). */
  readonly assumptions: string;
}

/** Per-seed values of one scenario: for each statistic and indicator, one value per seed, aligned with `seeds` (ascending). */
export interface Sample {
  readonly meta: SampleMeta;
  readonly seeds: readonly number[];
  readonly values: ReadonlyMap<StatKey, ReadonlyMap<string, Float64Array>>;
}

/** A problem with the inputs of a comparison: which file, which top-level field, what is wrong (the reader of the file adds the line). */
export const incomparable = (file: string, field: string, message: string): Issue => ({ code: 'INCOMPARABLE', severity: 'error', file, path: [field], message });

export type SampleOutcome = Outcome<{ sample: Sample }>;

const metaOf = (label: string, source: SampleMeta['source'], file: string, doc: ResultDocument): SampleMeta => ({
  label,
  source,
  file,
  scenario: doc.scenario.name,
  scenarioSha256: doc.scenario.sha256,
  engineVersion: doc.engine.version,
  calibrationSha256: doc.calibration.sha256,
  start: doc.start,
  horizon: doc.horizon,
  firms: doc.firms,
  assumptions: doc.kind === 'ensemble' && doc.assumptions ? doc.assumptions.pairing : samplingIdentity(undefined, []),
});

/** The fields two results must share to be compared, with how to say each differs. */
const SHARED: readonly { field: string; get: (m: SampleMeta) => string | number; what: string }[] = [
  { field: 'engine', get: (m) => m.engineVersion, what: 'engine version' },
  { field: 'calibration', get: (m) => m.calibrationSha256, what: 'calibration (SHA-256)' },
  { field: 'horizon', get: (m) => m.horizon, what: 'horizon (months)' },
  { field: 'start', get: (m) => m.start, what: 'start month' },
  { field: 'assumptions', get: (m) => m.assumptions, what: 'assumption sampling' },
];

/** The shared fields in which two samples differ, with both values. */
function differences(a: SampleMeta, b: SampleMeta): { field: string; what: string; a: string | number; b: string | number }[] {
  return SHARED.filter((s) => s.get(a) !== s.get(b)).map((s) => ({ field: s.field, what: s.what, a: s.get(a), b: s.get(b) }));
}

/**
 * Why two samples cannot be compared (empty when they can). Runs pair by seed only when
 * they drew their assumptions alike; unpaired, an ensemble that drew its assumptions can
 * be set against one at the central values (how much wider is it?).
 */
export function incomparabilities(a: SampleMeta, b: SampleMeta, paired = true): Issue[] {
  return differences(a, b)
    .filter((d) => paired || d.field !== 'assumptions')
    .map((d) => incomparable(b.file, d.field, `${a.label} and ${b.label} are not comparable${d.field === 'assumptions' ? ' paired by seed' : ''}: the ${d.what} differs (${d.a} in ${a.label}, ${d.b} in ${b.label})${d.field === 'assumptions' ? '; compare them with --unpaired' : ''}`));
}

/** A sample from run result files of one scenario (one file, or a folder of them). */
export function sampleFromRuns(label: string, runs: readonly { file: string; doc: RunResult }[], stats: readonly StatKey[]): SampleOutcome {
  const first = runs[0];
  if (!first) return { ok: false, issues: [incomparable(label, 'kind', `${label} holds no run result files (*.json)`)] };
  const meta = metaOf(label, runs.length === 1 ? 'run' : 'runs', first.file, first.doc);
  const issues: Issue[] = [];
  const bySeed = new Map<number, { file: string; doc: RunResult }>();
  for (const r of runs) {
    const m = metaOf(label, 'runs', r.file, r.doc);
    if (m.scenarioSha256 !== meta.scenarioSha256) issues.push(incomparable(r.file, 'scenario', `${label} mixes scenarios: ${r.file} is "${m.scenario}", ${first.file} is "${meta.scenario}" (a folder must hold runs of one scenario)`));
    for (const d of differences(meta, m)) issues.push(incomparable(r.file, d.field, `${label} mixes runs with different ${d.what}: ${d.a} in ${first.file}, ${d.b} in ${r.file}`));
    const dup = bySeed.get(r.doc.seed);
    if (dup) issues.push(incomparable(r.file, 'seed', `${label} holds seed ${r.doc.seed} twice (${dup.file} and ${r.file})`));
    bySeed.set(r.doc.seed, r);
  }
  for (const s of stats) {
    if (isMonth(s) && !first.doc.months.includes(s)) issues.push(incomparable(first.file, 'months', `--month ${s} is not a month of ${label} (it covers ${first.doc.months[0]} to ${first.doc.months[first.doc.months.length - 1]})`));
  }
  if (issues.length) return { ok: false, issues };
  const seeds = [...bySeed.keys()].sort((x, y) => x - y);
  const ordered = seeds.map((s) => bySeed.get(s)!.doc);
  const indicators = Object.keys(first.doc.series);
  const values = new Map<StatKey, Map<string, Float64Array>>();
  for (const s of stats) {
    const step = first.doc.months.indexOf(s);
    values.set(
      s,
      new Map(indicators.map((ind) => [ind, Float64Array.from(ordered, (d) => (s === FINAL ? d.summary.indicators[ind]!.final : s === MEAN ? d.summary.indicators[ind]!.mean : d.series[ind]![step]!))])),
    );
  }
  return { ok: true, sample: { meta, seeds, values } };
}

/** A sample from an ensemble file's per-seed table. */
export function sampleFromEnsemble(label: string, file: string, doc: EnsembleResult, stats: readonly StatKey[]): SampleOutcome {
  const meta = metaOf(label, 'ensemble', file, doc);
  const kept = Object.keys(doc.perSeed.months);
  const issues = stats
    .filter((s) => isMonth(s) && !kept.includes(s))
    .map((s) => incomparable(file, 'perSeed', `${label} keeps per-seed values at ${kept.length ? `final, mean and ${kept.join(', ')}` : 'final and mean only'}, not at ${s}; rerun the ensemble with --month ${s}, or compare folders written with --keep-runs`));
  if (issues.length) return { ok: false, issues };
  const order = doc.perSeed.seeds.map((seed, i) => [seed, i] as const).sort(([x], [y]) => x - y);
  const pick = (table: Record<string, number[]>) => new Map(Object.entries(table).map(([ind, vals]) => [ind, Float64Array.from(order, ([, i]) => vals[i]!)]));
  const values = new Map<StatKey, Map<string, Float64Array>>(stats.map((s) => [s, pick(s === FINAL ? doc.perSeed.final : s === MEAN ? doc.perSeed.mean : doc.perSeed.months[s]!)]));
  return { ok: true, sample: { meta, seeds: order.map(([seed]) => seed), values } };
}
