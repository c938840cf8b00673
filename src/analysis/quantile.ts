/**
 * The p-quantile with linear interpolation between order statistics (R type 7), on a
 * sorted copy. Written here rather than taken from mathjs, whose quantileSeq picks
 * partition pivots at random and so is not reproducible to the last bit.
 */
export function quantileType7(x: readonly number[] | Float64Array, p: number): number {
  return quantileOfSorted(Float64Array.from(x).sort(), p);
}

/** The p-quantile (R type 7) of values already sorted ascending. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
