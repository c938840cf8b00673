/** The smallest and the median of some samples (benchmark rounds). */
export function minMedian(xs: readonly number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return [s[0]!, s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2];
}

/** The largest and the median, for rates (where larger is better). */
export function maxMedian(xs: readonly number[]): [number, number] {
  const [lo, med] = minMedian(xs.map((x) => -x));
  return [-lo, -med];
}
