import { streamFor } from '../engine/rng.js';
import { DoctrineSchema } from '../model/doctrine.js';
import { POWERS } from '../model/ids.js';
import { isParamId, PARAM_BOUNDS, PARAM_IDS, paramBoundProblem } from '../model/params.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

const WEIGHTS = ['economy', 'security', 'sovereignty', 'sanctionsSafety', 'stability', 'concentration'] as const;

/** Every path a sweep can vary: Kazakhstan's doctrine weights and affinities, and every calibration parameter. */
export const SWEEPABLE_PATHS: readonly string[] = [
  ...WEIGHTS.map((w) => `doctrine.${w}`),
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

/**
 * Parses `PATH=SPEC`: SPEC is `a:b:n` (n evenly spaced values from a to b), a list
 * `v1,v2,…`, or, for a Latin hypercube, an interval `a:b`.
 */
export function parseVary(text: string, design: DesignKind): { ok: true; vary: Vary } | { ok: false; error: string; path?: string } {
  const eq = text.indexOf('=');
  if (eq < 1) return { ok: false, error: `--vary ${text}: expected PATH=SPEC, e.g. doctrine.concentration=0:2:5` };
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  if (!SWEEPABLE_PATHS.includes(path)) return { ok: false, error: `--vary ${text}: ${JSON.stringify(path)} is not a sweepable path; use doctrine.<weight>, doctrine.affinity.<RU|CN|EU|US> or parameters.<id> (see mvsim calibration)`, path };
  const nums = (parts: string[]): number[] | undefined => {
    const xs = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
    return xs.every(Number.isFinite) ? xs : undefined;
  };
  let vary: Vary;
  const colon = spec.split(':');
  if (design === 'lhs') {
    const r = colon.length === 2 ? nums(colon) : undefined;
    if (!r || !(r[0]! < r[1]!)) return { ok: false, error: `--vary ${text}: a Latin hypercube samples an interval; write ${path}=LOW:HIGH with LOW < HIGH` };
    vary = { path, range: [r[0]!, r[1]!] };
  } else if (colon.length === 3) {
    const r = nums(colon);
    const n = r?.[2];
    if (!r || n === undefined || !Number.isInteger(n) || n < 2 || n > 1000 || !(r[0]! < r[1]!)) {
      return { ok: false, error: `--vary ${text}: a grid range is FROM:TO:COUNT with FROM < TO and COUNT an integer in [2, 1000]` };
    }
    vary = { path, values: Array.from({ length: n }, (_, i) => roundGrid(r[0]! + ((r[1]! - r[0]!) * i) / (n - 1))) };
  } else {
    const xs = nums(spec.split(','));
    if (!xs) return { ok: false, error: `--vary ${text}: expected FROM:TO:COUNT or a list of numbers v1,v2,…` };
    vary = { path, values: [...new Set(xs)] };
  }
  const bounds = 'values' in vary ? vary.values : vary.range;
  for (const v of bounds) {
    const problem = pathValueProblem(path, v);
    if (problem) return { ok: false, error: `--vary ${text}: ${v} is outside what ${path} accepts (${problem})`, path };
  }
  return { ok: true, vary };
}

/** Grid values print as written: 0.1 + 0.2 steps must not become 0.30000000000000004. */
const roundGrid = (v: number): number => Number(v.toPrecision(12));

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
 * A Latin hypercube of `n` points: each interval is cut into n equal strata, every
 * stratum is used once per dimension, and the position within a stratum is uniform.
 * Seeded: the same seed gives the same design.
 */
export function latinHypercube(varies: readonly Vary[], n: number, seed: number): number[][] {
  const rng = streamFor(`sweep/lhs/${seed}`);
  const columns = varies.map((v) => {
    const [lo, hi] = 'range' in v ? v.range : [0, 1];
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j]!, strata[i]!];
    }
    return strata.map((s) => snapToPath(v.path, lo + ((hi - lo) * (s + rng())) / n));
  });
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]!));
}

/** The scenario at one point of a sweep: the varied doctrine weights and parameters set, everything else as resolved. */
export function scenarioAt(base: ResolvedScenario, paths: readonly string[], values: readonly number[]): ResolvedScenario {
  const weights = { ...base.doctrine.weights, affinity: { ...base.doctrine.weights.affinity } };
  const parameters: Record<string, number | undefined> = { ...base.parameters };
  paths.forEach((path, i) => {
    const v = values[i]!;
    if (path.startsWith('doctrine.affinity.')) weights.affinity[path.slice('doctrine.affinity.'.length) as keyof typeof weights.affinity] = v;
    else if (path.startsWith('doctrine.')) weights[path.slice('doctrine.'.length) as (typeof WEIGHTS)[number]] = v;
    else {
      const id = path.slice('parameters.'.length);
      if (!isParamId(id)) throw new Error(`not a parameter: ${id}`);
      parameters[id] = v;
    }
  });
  const sorted = Object.fromEntries(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { ...base, doctrine: { preset: base.doctrine.preset, weights }, parameters: sorted };
}
