import { simulate } from '../engine/simulate.js';
import { DOCTRINE_PRESETS } from '../model/doctrine.js';
import { indicatorIndex } from '../model/indicators.js';
import type { Calibration } from './load.js';

/**
 * How close the start state must come to a figure it reproduces: within 0.5% of the
 * figure, and never closer than 0.005 in absolute terms (so shares near zero are not
 * held to a hair). The deviation allowed for a target t is
 * `REPRODUCTION_TOLERANCE × max(1, |t|)`: 0.005 for a share, 0.088 for USD 17.6 bn.
 */
export const REPRODUCTION_TOLERANCE = 0.005;

/** The largest deviation from `target` that still counts as reproducing it (see REPRODUCTION_TOLERANCE). */
export const allowedDeviation = (target: number): number => REPRODUCTION_TOLERANCE * Math.max(1, Math.abs(target));

/** True when the model's value reproduces `target` within the tolerance. */
export const reproduces = (modelValue: number, target: number): boolean => Math.abs(modelValue - target) <= allowedDeviation(target);

/** What the start state shows for an entry with `reproducedBy`, or nulls when the entry is only an input. */
interface Reproduction {
  readonly reproducedBy: string | null;
  readonly modelValue: number | null;
  readonly allowedDeviation: number | null;
  readonly withinTolerance: boolean | null;
}

/** A figure quoted from a source document (`calibrated`). */
export interface FigureRow extends Reproduction {
  readonly id: string;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly quote: string;
  readonly documentedValue: number;
  readonly year: number;
  readonly range: readonly [number, number] | null;
  readonly note: string | null;
}

/** A figure from published statistics outside the documents (`statistic`). */
export interface StatisticRow extends Reproduction {
  readonly id: string;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly file: string | null;
  readonly url: string | null;
  readonly year: number;
  readonly documentedValue: number;
  /** The published figure's unit: the entry's own unit unless the file names another. */
  readonly documentedUnit: string;
  readonly quote: string | null;
  readonly derivation: string | null;
  readonly range: readonly [number, number] | null;
  readonly note: string | null;
}

export interface AssumptionRow {
  readonly id: string;
  readonly value: number;
  readonly unit: string;
  readonly rationale: string;
  readonly range: readonly [number, number];
}

/** The calibration table, by provenance class. */
export interface CalibrationTable {
  readonly figures: FigureRow[];
  readonly statistics: StatisticRow[];
  readonly assumptions: AssumptionRow[];
  /** REPRODUCTION_TOLERANCE: relative, with the same number as an absolute floor. */
  readonly tolerance: number;
}

/**
 * The calibration table: every documented figure and published statistic with the
 * value the model's start state shows for it (the start state of the default firm
 * population, seed 1), and every assumption.
 */
export function calibrationTable(cal: Calibration, seed = 1): CalibrationTable {
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
  const reproduction = (indicator: string | undefined, target: number): Reproduction => {
    if (indicator === undefined) return { reproducedBy: null, modelValue: null, allowedDeviation: null, withinTolerance: null };
    const modelValue = row0[indicatorIndex(indicator)]!;
    return { reproducedBy: indicator, modelValue, allowedDeviation: allowedDeviation(target), withinTolerance: reproduces(modelValue, target) };
  };
  const figures: FigureRow[] = [];
  const statistics: StatisticRow[] = [];
  const assumptions: AssumptionRow[] = [];
  for (const [id, e] of Object.entries(cal.file.parameters)) {
    const { value, unit } = e;
    if ('calibrated' in e) {
      const c = e.calibrated;
      figures.push({
        id, value, unit, source: c.source, quote: c.quote, documentedValue: c.documentedValue, year: c.year,
        range: c.range ?? null, note: c.note ?? null, ...reproduction(c.reproducedBy, value),
      });
    } else if ('statistic' in e) {
      const s = e.statistic;
      statistics.push({
        id, value, unit, source: s.source, file: s.file ?? null, url: s.url ?? null, year: s.year,
        documentedValue: s.documentedValue, documentedUnit: s.documentedUnit ?? unit, quote: s.quote ?? null, derivation: s.derivation ?? null,
        range: s.range ?? null, note: s.note ?? null, ...reproduction(s.reproducedBy, value),
      });
    } else assumptions.push({ id, value, unit, rationale: e.assumption.rationale, range: e.assumption.range });
  }
  return { figures, statistics, assumptions, tolerance: REPRODUCTION_TOLERANCE };
}
