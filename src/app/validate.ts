import { calibrationTable, type AssumptionRow, type FigureRow } from '../calibration/table.js';
import type { Issue, Outcome } from '../input/issues.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Env } from './env.js';
import { checkScenario, loadCalibration } from './inputs.js';

/** One scenario file checked: the resolved scenario when it is valid. */
export interface Checked {
  readonly file: string;
  readonly scenario?: ResolvedScenario;
}

/** Checks scenario files without running them; every problem in every file is returned (fails only when the calibration does not load). */
export function validateScenarios(env: Env, files: readonly string[], calibration: string | undefined): Outcome<{ checked: readonly Checked[]; issues: readonly Issue[] }> {
  const cal = loadCalibration(env, calibration);
  if (!cal.ok) return cal;
  const issues: Issue[] = [];
  const checked = files.map((f): Checked => {
    const r = checkScenario(env, env.files.resolve('.', f), cal.calibration);
    issues.push(...r.issues);
    return r.scenario ? { file: f, scenario: r.scenario } : { file: f };
  });
  return { ok: true, checked, issues };
}

/** The calibration table: each documented figure, its source and quote, what the model reproduces at the start, and the assumptions. */
export function calibrationReport(env: Env, calibration: string | undefined): Outcome<{ sha256: string; figures: FigureRow[]; assumptions: AssumptionRow[]; tolerance: number }> {
  const cal = loadCalibration(env, calibration);
  if (!cal.ok) return cal;
  return { ok: true, sha256: cal.sha256, ...calibrationTable(cal.calibration) };
}
