import { simulate } from '../engine/simulate.js';
import { DOCTRINE_PRESETS } from '../model/doctrine.js';
import { indicatorIndex } from '../model/indicators.js';
import type { Calibration } from './load.js';

/** How close the start state must come to a documented figure it reproduces. */
export const REPRODUCTION_TOLERANCE = 0.005;

export interface FigureRow {
  readonly id: string;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly quote: string;
  readonly documentedValue: number;
  readonly year: number;
  readonly reproducedBy: string | null;
  readonly modelValue: number | null;
  readonly withinTolerance: boolean | null;
}

export interface AssumptionRow {
  readonly id: string;
  readonly value: number;
  readonly unit: string;
  readonly rationale: string;
  readonly range: readonly [number, number];
}

/**
 * The calibration table: every documented figure with the value the model's start
 * state shows for it (the start state of the default firm population, seed 1).
 */
export function calibrationTable(cal: Calibration, seed = 1): { figures: FigureRow[]; assumptions: AssumptionRow[]; tolerance: number } {
  const start = simulate({
    params: cal.params,
    doctrine: DOCTRINE_PRESETS.balanced,
    start: '2022-03',
    horizon: 0,
    firms: cal.params['firms.count'],
    seed,
    events: [],
  });
  if (!start.ok) throw new Error(`The calibrated start state breaks an invariant: ${JSON.stringify(start.issues)}`);
  const row0 = start.output.rows;
  const figures: FigureRow[] = [];
  const assumptions: AssumptionRow[] = [];
  for (const [id, e] of Object.entries(cal.file.parameters)) {
    if ('calibrated' in e) {
      const c = e.calibrated;
      const modelValue = c.reproducedBy ? row0[indicatorIndex(c.reproducedBy)]! : null;
      figures.push({
        id, value: e.value, unit: e.unit, source: c.source, quote: c.quote, documentedValue: c.documentedValue, year: c.year,
        reproducedBy: c.reproducedBy ?? null,
        modelValue,
        withinTolerance: modelValue === null ? null : Math.abs(modelValue - c.documentedValue) <= REPRODUCTION_TOLERANCE,
      });
    } else assumptions.push({ id, value: e.value, unit: e.unit, rationale: e.assumption.rationale, range: e.assumption.range });
  }
  return { figures, assumptions, tolerance: REPRODUCTION_TOLERANCE };
}
