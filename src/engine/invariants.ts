import type { Issue } from '../input/issues.js';
import { INDICATORS } from '../model/indicators.js';

/** A broken invariant: the run stops and reports this. */
export interface InvariantBreach {
  readonly step: number;
  readonly month: string;
  readonly indicator: string;
  readonly value: number;
  readonly expected: string;
}

/** One line saying what broke, where. */
export const describeBreach = (b: InvariantBreach): string => `invariant broken at step ${b.step} (${b.month}): ${b.indicator} = ${b.value}, expected ${b.expected}`;

/** A broken invariant as the issue that stops a run (located at the indicator). */
export const breachIssue = (b: InvariantBreach): Issue => ({ code: 'INVARIANT_BROKEN', severity: 'error', path: [b.indicator], message: describeBreach(b) });

/** Tolerance for sums of shares that must equal 1. */
export const SHARE_SUM_TOLERANCE = 1e-9;

/** Checks one recorded row: every value finite and in its range, the posture summing to 1. */
export function checkRow(row: ArrayLike<number>, step: number, month: string): InvariantBreach | undefined {
  let postureSum = 0;
  for (let i = 0; i < INDICATORS.length; i++) {
    const spec = INDICATORS[i]!;
    const v = row[i] ?? Number.NaN;
    if (!Number.isFinite(v)) return { step, month, indicator: spec.name, value: v, expected: 'a finite number' };
    if (v < spec.min - 1e-12 || v > spec.max + 1e-12) return { step, month, indicator: spec.name, value: v, expected: `a value in [${spec.min}, ${spec.max}]` };
    if (spec.name.startsWith('kz.alignment.')) postureSum += v;
  }
  if (Math.abs(postureSum - 1) > SHARE_SUM_TOLERANCE) return { step, month, indicator: 'kz.alignment.*', value: postureSum, expected: 'posture weights summing to 1' };
  return undefined;
}
