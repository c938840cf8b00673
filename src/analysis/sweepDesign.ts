import { streamFor } from '../model/rng.js';
import { DOCTRINE_WEIGHTS, DoctrineSchema } from '../model/doctrine.js';
import { POWERS } from '../model/ids.js';
import { isParamId, PARAM_BOUNDS, PARAM_IDS, paramBoundProblem } from '../model/params.js';
import type { ResolvedScenario } from '../scenario/resolved.js';


/** Every path a sweep can vary: Kazakhstan's doctrine weights and affinities, and every calibration parameter. */
export const SWEEPABLE_PATHS: readonly string[] = [
  ...DOCTRINE_WEIGHTS.map((w) => `doctrine.${w}`),
  ...POWERS.map((p) => `doctrine.affinity.${p}`),
  ...PARAM_IDS.map((id) => `parameters.${id}`),
];

/** One varied input: its path and either the values to take (grid) or the interval to sample (Latin hypercube). */
export type Vary =
  | { readonly path: string; readonly values: readonly number[] }
  | { readonly path: string; readonly range: readonly [number, number] };

export type DesignKind = 'grid' | 'lhs';

/** Why a value is not allowed at a path (the scenario schema's own bounds), or undefined. */
export function pathValueProblem(path: string, value: number): string | undefined {
  if (!Number.isFinite(value)) return 'a finite number';
  if (path.startsWith('parameters.')) return paramBoundProblem(path.slice('parameters.'.length) as never, value);
  const schema = path.startsWith('doctrine.affinity.') ? DoctrineSchema.shape.affinity.shape.RU : DoctrineSchema.shape.economy;
  if (schema.safeParse(value).success) return undefined;
  return path.startsWith('doctrine.affinity.') ? 'a number in [-2, 2]' : 'a number in [0, 10]';
}

/** Grid values print as written: 0.1 + 0.2 steps must not become 0.30000000000000004. */
export const roundGrid = (v: number): number => Number(v.toPrecision(12));

/** A sampled value as the path takes it: integer parameters are rounded, the rest keep twelve significant digits. */
function snapToPath(path: string, v: number): number {
  const id = path.slice('parameters.'.length);
  return path.startsWith('parameters.') && isParamId(id) && (PARAM_BOUNDS[id] as readonly unknown[])[2] === 'int' ? Math.round(v) : roundGrid(v);
}

/** Every combination of the grid's values, the first --vary changing slowest. */
export function gridPoints(varies: readonly Vary[]): number[][] {
  return varies.reduce<number[][]>((acc, v) => acc.flatMap((point) => ('values' in v ? v.values : []).map((x) => [...point, x])), [[]]);
}

/**
 * A Latin hypercube of `n` points in the unit cube of `d` dimensions (row-major, n × d):
 * each axis is cut into n equal strata, every stratum is used once per dimension, and
 * the position within a stratum is uniform. Dimension by dimension, a shuffle of the
 * strata then one draw per point, all from `rng`.
 */
export function unitLatinHypercube(n: number, d: number, rng: () => number): Float64Array {
  const out = new Float64Array(n * d);
  for (let c = 0; c < d; c++) {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j]!, strata[i]!];
    }
    strata.forEach((s, i) => (out[i * d + c] = (s + rng()) / n));
  }
  return out;
}

/** A Latin hypercube of `n` points over the sweep's ranges. Seeded: the same seed gives the same design. */
export function latinHypercube(varies: readonly Vary[], n: number, seed: number): number[][] {
  const u = unitLatinHypercube(n, varies.length, streamFor(`sweep/lhs/${seed}`));
  return Array.from({ length: n }, (_, i) =>
    varies.map((v, c) => {
      const [lo, hi] = 'range' in v ? v.range : [0, 1];
      return snapToPath(v.path, lo + (hi - lo) * u[i * varies.length + c]!);
    }),
  );
}

/** The scenario at one point of a sweep: the varied doctrine weights and parameters set, everything else as resolved. */
export function scenarioAt(base: ResolvedScenario, paths: readonly string[], values: readonly number[]): ResolvedScenario {
  const weights = { ...base.doctrine.weights, affinity: { ...base.doctrine.weights.affinity } };
  const parameters: Record<string, number | undefined> = { ...base.parameters };
  paths.forEach((path, i) => {
    const v = values[i]!;
    if (path.startsWith('doctrine.affinity.')) weights.affinity[path.slice('doctrine.affinity.'.length) as keyof typeof weights.affinity] = v;
    else if (path.startsWith('doctrine.')) weights[path.slice('doctrine.'.length) as (typeof DOCTRINE_WEIGHTS)[number]] = v;
    else {
      const id = path.slice('parameters.'.length);
      if (!isParamId(id)) throw new Error(`not a parameter: ${id}`);
      parameters[id] = v;
    }
  });
  const sorted = Object.fromEntries(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { ...base, doctrine: { preset: base.doctrine.preset, weights }, parameters: sorted };
}
