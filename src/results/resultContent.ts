import { addMonths } from '../model/calendar.js';
import { INDICATORS } from '../model/indicators.js';
import type { EnsembleResult } from './ensembleResult.js';
import type { RunResult } from './runResult.js';
import type { SweepResult } from './sweepResult.js';
import { compileCondition } from '../scenario/expressions.js';
import { EVENT_MONTH_BUDGET } from '../scenario/load.js';

/** What the engine accepts, so a result that claims more (a billion firms, a horizon of 1e8) is refused, not run. */
export const RESULT_LIMITS = { firms: [1, 1_000_000], horizon: [1, 600] } as const;

/** One inconsistency in a result's content: where (a path in the document) and what. */
export interface ContentProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** At most this many content problems are listed; a tampered file can have thousands. */
export const MAX_CONTENT_PROBLEMS = 20;

const RANGE = new Map(INDICATORS.map((s) => [s.name, [s.min, s.max] as const]));

/**
 * Checks what the schema cannot: the run's size within the engine's limits, months
 * consecutive from the start and one per step, every indicator present, every series
 * of the right length and every value finite and in its indicator's range, and an
 * ensemble's counts consistent with its per-seed table. Stops after MAX_CONTENT_PROBLEMS.
 */
export function contentProblems(doc: RunResult | EnsembleResult): ContentProblem[] {
  const out: ContentProblem[] = [];
  const add = (path: readonly (string | number)[], message: string): boolean => {
    out.push({ path, message });
    return out.length >= MAX_CONTENT_PROBLEMS;
  };
  out.push(...sizeProblems(doc));
  if (out.length) return out;
  // The embedded scenario is input too: it must be the run's, and everything the loader checks must hold.
  const sc = doc.scenario.resolved;
  if (sc.name !== doc.scenario.name) return [{ path: ['scenario', 'name'], message: `the result names its scenario ${JSON.stringify(doc.scenario.name)}, but the scenario it embeds is ${JSON.stringify(sc.name)}` }];
  if (sc.horizon !== doc.horizon) return [{ path: ['scenario', 'resolved', 'horizon'], message: `the scenario's horizon (${sc.horizon}) is not the result's (${doc.horizon})` }];
  if (sc.start !== doc.start) return [{ path: ['scenario', 'resolved', 'start'], message: `the scenario's start (${sc.start}) is not the result's (${doc.start})` }];
  if (sc.events.length * sc.horizon > EVENT_MONTH_BUDGET) return [{ path: ['scenario', 'resolved', 'events'], message: `${sc.events.length} events over ${sc.horizon} months is over the budget of ${EVENT_MONTH_BUDGET} event-months` }];
  for (const [i, e] of sc.events.entries()) {
    if (e.when === undefined) continue;
    const c = compileCondition(e.when);
    if (!c.ok && add(['scenario', 'resolved', 'events', i, 'when'], `the scenario's condition ${JSON.stringify(e.when)} is refused: ${c.issues[0]?.message ?? 'invalid'}`)) return out;
  }
  if (out.length) return out;
  const n = doc.horizon + 1;
  if (doc.months.length !== n) return [{ path: ['months'], message: `${doc.months.length} months for a horizon of ${doc.horizon}: expected ${n}` }];
  for (let k = 0; k < n; k++) {
    const expected = k === 0 ? doc.start : addMonths(doc.start, k);
    if (doc.months[k] !== expected) return [{ path: ['months', k], message: `month ${k} is ${JSON.stringify(doc.months[k])}: expected ${expected} (consecutive months from the start)` }];
  }
  const names = Object.keys(doc.series);
  for (const s of INDICATORS) if (!Object.hasOwn(doc.series, s.name) && add(['series', s.name], `indicator ${s.name} is missing`)) return out;
  for (const name of names) if (!RANGE.has(name) && add(['series', name], `${name} is not an indicator of this engine`)) return out;
  const check = (path: readonly (string | number)[], name: string, values: readonly number[], checkRange: boolean): boolean => {
    if (values.length !== n) return add(path, `${values.length} values: expected ${n}, one per month`);
    const [lo, hi] = RANGE.get(name) ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (!Number.isFinite(v)) return add([...path, k], `${v} is not a finite number`);
      if (checkRange && (v < lo - 1e-9 || v > hi + 1e-9)) return add([...path, k], `${v} is outside ${name}'s range [${lo}, ${hi}]`);
    }
    return false;
  };
  if (doc.kind === 'run') {
    for (const name of names) if (RANGE.has(name) && check(['series', name], name, doc.series[name]!, true)) return out;
    return out;
  }
  for (const name of names) {
    if (!RANGE.has(name)) continue;
    const st = doc.series[name]!;
    for (const k of ['mean', 'min', 'max', 'p5', 'p25', 'p50', 'p75', 'p95'] as const) if (check(['series', name, k], name, st[k], true)) return out;
    if (st.sd && check(['series', name, 'sd'], name, st.sd, false)) return out;
    const k = st.sd?.findIndex((v) => v < 0) ?? -1;
    if (k >= 0 && add(['series', name, 'sd', k], `a negative standard deviation (${st.sd![k]})`)) return out;
    const order = st.min.findIndex((_, m) => !(st.min[m]! <= st.p5[m]! && st.p5[m]! <= st.p25[m]! && st.p25[m]! <= st.p50[m]! && st.p50[m]! <= st.p75[m]! && st.p75[m]! <= st.p95[m]! && st.p95[m]! <= st.max[m]! && st.min[m]! <= st.mean[m]! && st.mean[m]! <= st.max[m]!));
    if (order >= 0 && add(['series', name], `in ${doc.months[order]} min ≤ p5 ≤ … ≤ p95 ≤ max and min ≤ mean ≤ max do not hold`)) return out;
  }
  for (const [kind, e] of Object.entries(doc.events)) {
    const at = ['events', kind];
    if (!(e.runs >= 0 && e.runs <= doc.runs.completed) && add([...at, 'runs'], `${e.runs} runs of ${doc.runs.completed} completed`)) return out;
    if (!(e.share >= 0 && e.share <= 1) && add([...at, 'share'], `a share of ${e.share}: expected one in [0, 1]`)) return out;
    if (!(Number.isFinite(e.meanFirings) && e.meanFirings >= 0) && add([...at, 'meanFirings'], `${e.meanFirings} firings a run`)) return out;
    if (e.shareByMonth.length !== n && add([...at, 'shareByMonth'], `${e.shareByMonth.length} values: expected ${n}, one per month`)) return out;
    if (e.shareByMonth.some((v) => !(v >= 0 && v <= 1)) && add([...at, 'shareByMonth'], 'a share outside [0, 1]')) return out;
  }
  const { requested, completed, failed } = doc.runs;
  if (completed + failed !== requested) add(['runs'], `completed (${completed}) and failed (${failed}) do not add up to requested (${requested})`);
  if (doc.seeds.length !== requested) add(['seeds'], `${doc.seeds.length} seeds for ${requested} requested runs`);
  if (doc.failures.length !== failed) add(['failures'], `${doc.failures.length} failures listed for ${failed} failed runs`);
  if (doc.perSeed.seeds.length !== completed) add(['perSeed', 'seeds'], `${doc.perSeed.seeds.length} seeds in the per-seed table for ${completed} completed runs`);
  // the per-seed table is what compare pairs: each completed seed once, every indicator, every value finite and in range
  const seen = new Set<number>();
  const asked = new Set(doc.seeds);
  for (const [i, seed] of doc.perSeed.seeds.entries()) {
    if (seen.has(seed) && add(['perSeed', 'seeds', i], `seed ${seed} appears twice`)) return out;
    if (!asked.has(seed) && add(['perSeed', 'seeds', i], `seed ${seed} is not one of the ensemble's seeds`)) return out;
    seen.add(seed);
  }
  const tables: [readonly (string | number)[], Record<string, number[]>][] = [
    [['perSeed', 'final'], doc.perSeed.final],
    [['perSeed', 'mean'], doc.perSeed.mean],
    ...Object.entries(doc.perSeed.months).map(([m, t]): [readonly (string | number)[], Record<string, number[]>] => [['perSeed', 'months', m], t]),
  ];
  for (const m of Object.keys(doc.perSeed.months)) if (!doc.months.includes(m) && add(['perSeed', 'months', m], `${m} is not a month of the run`)) return out;
  for (const [path, table] of tables) {
    for (const s of INDICATORS) if (!Object.hasOwn(table, s.name) && add([...path, s.name], `indicator ${s.name} is missing`)) return out;
    for (const [name, values] of Object.entries(table)) {
      const range = RANGE.get(name);
      if (!range) {
        if (add([...path, name], `${name} is not an indicator of this engine`)) return out;
        continue;
      }
      if (values.length !== doc.perSeed.seeds.length && add([...path, name], `${values.length} values for ${doc.perSeed.seeds.length} seeds`)) return out;
      const bad = values.findIndex((v) => !Number.isFinite(v) || v < range[0] - 1e-9 || v > range[1] + 1e-9);
      if (bad >= 0 && add([...path, name, bad], `${values[bad]} is not a finite value in ${name}'s range [${range[0]}, ${range[1]}]`)) return out;
    }
  }
  // drawn assumptions: one finite value per completed seed for exactly the listed factors
  const drawn = doc.perSeed.assumptions;
  const ids = doc.assumptions?.factors.map((f) => f.id) ?? [];
  if ((drawn === undefined) !== (doc.assumptions === undefined)) add(['perSeed', 'assumptions'], doc.assumptions ? 'the drawn assumptions of each seed are missing' : 'drawn assumptions without an `assumptions` record of how they were drawn');
  else if (drawn) {
    const names = Object.keys(drawn);
    if (names.length !== ids.length || ids.some((id) => !(id in drawn))) add(['perSeed', 'assumptions'], `the per-seed assumptions (${names.length}) are not the ${ids.length} factors listed under assumptions.factors`);
    for (const [id, values] of Object.entries(drawn)) {
      if (values.length !== doc.perSeed.seeds.length && add(['perSeed', 'assumptions', id], `${values.length} values for ${doc.perSeed.seeds.length} seeds`)) return out;
      if (values.some((v) => !Number.isFinite(v)) && add(['perSeed', 'assumptions', id], 'a value that is not a finite number')) return out;
    }
  }
  return out;
}

/**
 * A sweep's content: its size within the engine's limits, every point in order with a
 * value for each varied path, every objective's statistics present and finite, the
 * frontier naming existing points and agreeing with their flags, and consistent counts.
 */
export function sweepProblems(doc: SweepResult): ContentProblem[] {
  const out: ContentProblem[] = [];
  const add = (path: readonly (string | number)[], message: string): boolean => {
    out.push({ path, message });
    return out.length >= MAX_CONTENT_PROBLEMS;
  };
  out.push(...sizeProblems(doc));
  if (doc.scenario.resolved.name !== doc.scenario.name) add(['scenario', 'name'], `the result names its scenario ${JSON.stringify(doc.scenario.name)}, but the scenario it embeds is ${JSON.stringify(doc.scenario.resolved.name)}`);
  if (!doc.design.vary.length) add(['design', 'vary'], 'no varied path');
  if (!doc.points.length) add(['points'], 'no points');
  if (doc.design.points !== doc.points.length) add(['design', 'points'], `${doc.design.points} points in the design, ${doc.points.length} in the file`);
  if (!doc.objectives.length) add(['objectives'], 'no objectives');
  const { requested, completed, failed } = doc.runs;
  if (completed + failed !== requested) add(['runs'], `completed (${completed}) and failed (${failed}) do not add up to requested (${requested})`);
  if (requested !== doc.points.length * doc.seeds.length) add(['runs'], `${requested} runs requested for ${doc.points.length} points × ${doc.seeds.length} seeds`);
  if (out.length) return out;
  const paths = doc.design.vary.map((v) => v.path);
  for (const [i, p] of doc.points.entries()) {
    const at = ['points', i];
    if (p.index !== i && add([...at, 'index'], `point ${i} has index ${p.index}`)) return out;
    if (p.completed < 0 || p.completed > doc.seeds.length) if (add([...at, 'completed'], `${p.completed} completed runs for ${doc.seeds.length} seeds`)) return out;
    for (const path of paths) if (!Number.isFinite(p.values[path]) && add([...at, 'values', path], `no finite value for ${path}`)) return out;
    for (const o of doc.objectives) if (!p.stats[o.indicator] && p.completed > 0 && add([...at, 'stats', o.indicator], `no statistics for the objective ${o.indicator}`)) return out;
    for (const [name, st] of Object.entries(p.stats)) {
      if (!RANGE.has(name) && add([...at, 'stats', name], `${name} is not an indicator of this engine`)) return out;
      const numbers = [st.mean, st.min, st.p5, st.p25, st.p50, st.p75, st.p95, st.max, ...(st.sd === null ? [] : [st.sd])];
      if (numbers.some((v) => !Number.isFinite(v)) && add([...at, 'stats', name], 'a statistic that is not a finite number')) return out;
      if (!(st.min <= st.p5 && st.p5 <= st.p25 && st.p25 <= st.p50 && st.p50 <= st.p75 && st.p75 <= st.p95 && st.p95 <= st.max) && add([...at, 'stats', name], 'quantiles out of order')) return out;
    }
  }
  const listed = new Set(doc.frontier);
  for (const [k, i] of doc.frontier.entries()) if (!(Number.isInteger(i) && i >= 0 && i < doc.points.length) && add(['frontier', k], `${i} is not a point of the sweep`)) return out;
  if (listed.size !== doc.frontier.length) add(['frontier'], 'a point is listed twice');
  for (const [i, p] of doc.points.entries()) if (p.frontier !== listed.has(i) && add(['points', i, 'frontier'], `point ${i} is ${p.frontier ? '' : 'not '}marked on the frontier, but the frontier ${listed.has(i) ? 'lists' : 'does not list'} it`)) return out;
  return out;
}

/** A result's firm count and horizon beyond what the engine accepts. */
function sizeProblems(doc: { readonly firms: number; readonly horizon: number }): ContentProblem[] {
  const [fLo, fHi] = RESULT_LIMITS.firms;
  const [hLo, hHi] = RESULT_LIMITS.horizon;
  return [
    ...(Number.isInteger(doc.firms) && doc.firms >= fLo && doc.firms <= fHi ? [] : [{ path: ['firms'], message: `firms is ${doc.firms}: expected an integer in [${fLo}, ${fHi}]` }]),
    ...(Number.isInteger(doc.horizon) && doc.horizon >= hLo && doc.horizon <= hHi ? [] : [{ path: ['horizon'], message: `horizon is ${doc.horizon}: expected an integer in [${hLo}, ${hHi}]` }]),
  ];
}
