import { INDICATOR_NAMES } from '../model/indicators.js';
import type { RunResult } from '../results/runResult.js';
import { seriesRows, type SeriesDocument } from '../results/seriesDocument.js';

/**
 * A long ("tidy") table: one row per scenario, seed, step, month and indicator, with
 * its value; `extra` columns (the assumptions a run drew) are per row too, NaN where
 * a run has none. Columns in this order: scenario, seed, step, month, indicator,
 * value, then the extras by name.
 */
export interface TidyTable {
  readonly scenario: string[];
  readonly seed: number[];
  readonly step: number[];
  readonly month: string[];
  readonly indicator: string[];
  readonly value: number[];
  readonly extra: ReadonlyMap<string, number[]>;
}

export const emptyTidy = (): TidyTable => ({ scenario: [], seed: [], step: [], month: [], indicator: [], value: [], extra: new Map() });

/** Adds a run result's trajectories (the values as the result file rounds them). */
export function addRun(t: TidyTable, r: RunResult): void {
  // the reporter table's order, as in series files (a result file's keys are sorted)
  const names = INDICATOR_NAMES.filter((n) => n in r.series);
  const extras = extraValues(t, [], undefined);
  for (let k = 0; k < r.months.length; k++) {
    for (const name of names) push(t, r.scenario.name, r.seed, k, r.months[k]!, name, r.series[name]![k]!, extras);
  }
}

/** Adds every seed of a series file (exact values) with its drawn assumptions. */
export function addSeries(t: TidyTable, d: SeriesDocument): void {
  const cols = d.indicators.length;
  d.seeds.forEach((s, i) => {
    const rows = seriesRows(d, i);
    const extras = extraValues(t, d.factors, s.assumptions);
    for (let k = 0; k < d.months.length; k++) {
      for (let c = 0; c < cols; c++) push(t, d.scenario.name, s.seed, k, d.months[k]!, d.indicators[c]!, rows[k * cols + c]!, extras);
    }
  });
}

/**
 * A run's value in each extra column, in column order (NaN where it drew none), once
 * per run: `factors` become columns first, NaN for the rows already added.
 */
function extraValues(t: TidyTable, factors: readonly string[], assumptions: readonly number[] | undefined): number[] {
  const extra = t.extra as Map<string, number[]>;
  for (const f of factors) if (!extra.has(f)) extra.set(f, new Array<number>(t.value.length).fill(Number.NaN));
  return [...extra.keys()].map((name) => {
    const at = factors.indexOf(name);
    return assumptions && at >= 0 ? assumptions[at]! : Number.NaN;
  });
}

function push(t: TidyTable, scenario: string, seed: number, step: number, month: string, indicator: string, value: number, extras: readonly number[]): void {
  t.scenario.push(scenario);
  t.seed.push(seed);
  t.step.push(step);
  t.month.push(month);
  t.indicator.push(indicator);
  t.value.push(value);
  let j = 0;
  for (const column of t.extra.values()) column.push(extras[j++]!);
}

/** A CSV field: quoted when it holds a comma, quote or line break. */
const field = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** A number as CSV: the shortest text that reads back to the same double; empty for NaN. */
const num = (v: number): string => (Number.isNaN(v) ? '' : String(v));

/** The table as CSV (header row, `\n` line ends, UTF-8). */
export function tidyCsv(t: TidyTable): string {
  const extras = [...t.extra.keys()];
  const lines = [['scenario', 'seed', 'step', 'month', 'indicator', 'value', ...extras].map(field).join(',')];
  for (let i = 0; i < t.value.length; i++) {
    lines.push([field(t.scenario[i]!), String(t.seed[i]), String(t.step[i]), t.month[i]!, field(t.indicator[i]!), num(t.value[i]!), ...extras.map((e) => num(t.extra.get(e)![i]!))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
