import { failure, plainIssue, type Outcome } from '../input/issues.js';
import { didYouMean } from '../input/suggest.js';
import { pathValueProblem, roundGrid, SWEEPABLE_PATHS, type DesignKind, type Vary } from '../analysis/sweepDesign.js';

/**
 * Parses `PATH=SPEC`: SPEC is `a:b:n` (n evenly spaced values from a to b), a list
 * `v1,v2,…`, or, for a Latin hypercube, an interval `a:b`.
 */
export function parseVary(text: string, design: DesignKind): Outcome<{ vary: Vary }> {
  const eq = text.indexOf('=');
  if (eq < 1) return failure('INVALID_OPTION', `--vary ${text}: expected PATH=SPEC, e.g. doctrine.concentration=0:2:5`);
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  if (!SWEEPABLE_PATHS.includes(path)) {
    const guess = didYouMean(path, SWEEPABLE_PATHS);
    const message = `--vary ${text}: ${JSON.stringify(path)} is not a sweepable path; use doctrine.<weight>, doctrine.affinity.<RU|CN|EU|US> or parameters.<id> (see mvsim calibration)`;
    return { ok: false, issues: [{ ...plainIssue('INVALID_OPTION', message), ...(guess && guess !== path ? { suggestion: guess } : {}) }] };
  }
  const nums = (parts: string[]): number[] | undefined => {
    const xs = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
    return xs.every(Number.isFinite) ? xs : undefined;
  };
  let vary: Vary;
  const colon = spec.split(':');
  if (design === 'lhs') {
    const r = colon.length === 2 ? nums(colon) : undefined;
    if (!r || !(r[0]! < r[1]!)) return failure('INVALID_OPTION', `--vary ${text}: a Latin hypercube samples an interval; write ${path}=LOW:HIGH with LOW < HIGH`);
    vary = { path, range: [r[0]!, r[1]!] };
  } else if (colon.length === 3) {
    const r = nums(colon);
    const n = r?.[2];
    if (!r || n === undefined || !Number.isInteger(n) || n < 2 || n > 1000 || !(r[0]! < r[1]!)) {
      return failure('INVALID_OPTION', `--vary ${text}: a grid range is FROM:TO:COUNT with FROM < TO and COUNT an integer in [2, 1000]`);
    }
    vary = { path, values: Array.from({ length: n }, (_, i) => roundGrid(r[0]! + ((r[1]! - r[0]!) * i) / (n - 1))) };
  } else {
    const xs = nums(spec.split(','));
    if (!xs) return failure('INVALID_OPTION', `--vary ${text}: expected FROM:TO:COUNT or a list of numbers v1,v2,…`);
    vary = { path, values: [...new Set(xs)] };
  }
  const bounds = 'values' in vary ? vary.values : vary.range;
  for (const v of bounds) {
    const problem = pathValueProblem(path, v);
    if (problem) return failure('INVALID_OPTION', `--vary ${text}: ${v} is outside what ${path} accepts (${problem})`);
  }
  return { ok: true, vary };
}
