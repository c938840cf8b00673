import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';
import { quantileOfSorted } from './quantile.js';

/** Relative accuracy of the quantile sketches: a reported quantile is within 0.5% of the exact order statistic. */
export const SKETCH_RELATIVE_ACCURACY = 0.005;
/** Bins per sketch before the lowest collapse: values down to about 1e-17 of the largest keep the relative accuracy; smaller ones join the lowest bin. */
export const SKETCH_BIN_LIMIT = 4096;
/**
 * Most values an ensemble keeps to compute its quantiles exactly: 2^23 doubles, 64 MiB
 * (seeds × indicators × months; about 2,000 seeds at a 48-month horizon). Beyond it the
 * quantiles come from sketches, whose memory does not grow with the seeds.
 */
export const EXACT_QUANTILE_VALUES = 2 ** 23;

/** How the quantiles were computed, as an ensemble file records it. */
export const QUANTILE_METHODS = {
  exact:
    'exact, from every completed seed\'s value: linear interpolation between order statistics at rank q(n - 1) (R type 7, the default of numpy, pandas and R); used while seeds × indicators × months is at most ' +
    `${EXACT_QUANTILE_VALUES} values`,
  sketch: `DDSketch (LogCollapsingLowestDense), relative accuracy ${SKETCH_RELATIVE_ACCURACY}, at most ${SKETCH_BIN_LIMIT} bins (values below about 1e-17 of the largest join the lowest bin); the value at rank q(n - 1), lower order statistic, clamped to [min, max]; used because seeds × indicators × months exceeds ${EXACT_QUANTILE_VALUES} values`,
} as const;

/** Whether an ensemble file's `method.quantiles` says its quantiles are exact (files made before exact quantiles say otherwise). */
export const isExactQuantiles = (method: string): boolean => method === QUANTILE_METHODS.exact;

/**
 * Quantiles of many cells (indicator × month) over seeds, added one seed at a time.
 * Exact when every value fits in {@link EXACT_QUANTILE_VALUES}: a fan chart of a narrow
 * indicator then shows the model, not a sketch's 0.5% steps. Otherwise one DDSketch per
 * cell, whose memory does not depend on the number of seeds. Which one is fixed when it
 * is made, from the number of seeds asked for, so that a merge of shards (which replays
 * the same seeds into the same aggregator) computes them the same way.
 */
export class CellQuantiles {
  /** The method recorded in the result. */
  readonly method: (typeof QUANTILE_METHODS)[keyof typeof QUANTILE_METHODS];
  /**
   * Exact mode: cell-major values, `seeds` slots per cell, so that each cell's values are
   * contiguous when its quantiles are taken (a seed-major layout read cell by cell
   * strides across the whole table for every cell).
   */
  private readonly values: Float64Array | undefined;
  private readonly sketches: LogCollapsingLowestDenseDDSketch[] | undefined;
  private added = 0;

  /** `limit` is a parameter only so that tests can reach the sketch with few seeds. */
  constructor(private readonly cells: number, private readonly seeds: number, limit = EXACT_QUANTILE_VALUES) {
    if (cells * seeds <= limit) {
      this.values = new Float64Array(cells * seeds);
      this.method = QUANTILE_METHODS.exact;
    } else {
      this.sketches = Array.from({ length: cells }, () => new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY, binLimit: SKETCH_BIN_LIMIT }));
      this.method = QUANTILE_METHODS.sketch;
    }
  }

  /** Adds one seed's value of every cell. */
  add(row: Float64Array): void {
    if (this.values) {
      if (this.added >= this.seeds) throw new Error('more seeds added than the quantiles were sized for');
      for (let i = 0, at = this.added; i < this.cells; i++, at += this.seeds) this.values[at] = row[i]!;
    } else {
      for (let i = 0; i < this.cells; i++) this.sketches![i]!.accept(row[i]!);
    }
    this.added++;
  }

  /**
   * Every cell's quantiles at `qs`, as `out[j][cell]`. The sketch's value is clamped to
   * the cell's exact [min, max], which it can otherwise overshoot by its accuracy.
   */
  quantiles(qs: readonly number[], min: Float64Array, max: Float64Array): Float64Array[] {
    const out = qs.map(() => new Float64Array(this.cells));
    const n = this.added;
    for (let i = 0; i < this.cells; i++) {
      if (this.values) {
        // sorted in place: the cell keeps the same values, so later calls give the same quantiles
        const column = this.values.subarray(i * this.seeds, i * this.seeds + n).sort();
        qs.forEach((q, j) => {
          out[j]![i] = quantileOfSorted(column, q);
        });
      } else {
        const sketch = this.sketches![i]!;
        qs.forEach((q, j) => {
          out[j]![i] = Math.min(max[i]!, Math.max(min[i]!, sketch.getValueAtQuantile(q)));
        });
      }
    }
    return out;
  }
}
