/** Whether an objective is better high or low. */
export type Direction = 'max' | 'min';

/** True when `a` is at least as good as `b` on every objective and strictly better on one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  let strictly = false;
  for (let k = 0; k < directions.length; k++) {
    const better = directions[k] === 'max' ? a[k]! - b[k]! : b[k]! - a[k]!;
    if (better < 0) return false;
    if (better > 0) strictly = true;
  }
  return strictly;
}

/**
 * Marks the Pareto frontier (the points no other point dominates). Points are visited
 * best-first in lexicographic order of the objectives, so a point's dominators are
 * all visited before it; by transitivity, it suffices to test it against the frontier
 * found so far. O(n log n + n·f·k) for f frontier points, against O(n²·k) for the
 * direct pairwise check. Equal points do not dominate each other: both stay.
 */
export function paretoFrontier(points: readonly (readonly number[])[], directions: readonly Direction[]): boolean[] {
  const sign = directions.map((d) => (d === 'max' ? -1 : 1));
  const order = points.map((_, i) => i).sort((i, j) => {
    for (let k = 0; k < sign.length; k++) {
      const d = sign[k]! * (points[i]![k]! - points[j]![k]!);
      if (d !== 0) return d;
    }
    return i - j;
  });
  const onFrontier = new Array<boolean>(points.length).fill(false);
  const frontier: number[] = [];
  for (const i of order) {
    if (frontier.some((f) => dominates(points[f]!, points[i]!, directions))) continue;
    frontier.push(i);
    onFrontier[i] = true;
  }
  return onFrontier;
}
