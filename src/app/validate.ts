import { figuresProblems, parseFigures, registerSources, registerSummary, type RegisterSummary } from '../calibration/figures.js';
import { calibrationTable, type CalibrationTable } from '../calibration/table.js';
import type { Issue, Outcome } from '../input/issues.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Env } from './env.js';
import { checkScenario, loadCalibration, MAX_INPUT_BYTES } from './inputs.js';

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

/**
 * The calibration table: each documented figure and published statistic, its source
 * and quote, what the model reproduces at the start, and the assumptions.
 */
export function calibrationReport(env: Env, calibration: string | undefined): Outcome<{ sha256: string } & CalibrationTable> {
  const cal = loadCalibration(env, calibration);
  if (!cal.ok) return cal;
  return { ok: true, sha256: cal.sha256, ...calibrationTable(cal.calibration) };
}

/** The file name of the figures register, beside the calibration file it is checked against. */
export const FIGURES_FILE = 'figures.yaml';

/**
 * The figures register beside the calibration (its folder's figures.yaml): every
 * quantitative statement of the source documents (its folder's sources/), used or not,
 * checked against the documents' texts and the calibration's entries.
 */
export function figuresReport(env: Env, calibration: string | undefined): Outcome<{ sha256: string; register: RegisterSummary }> {
  const cal = loadCalibration(env, calibration);
  if (!cal.ok) return cal;
  const folder = env.files.dirname(calibration === undefined ? env.defaultCalibration : env.files.resolve('.', calibration));
  const file = env.files.resolve(folder, FIGURES_FILE);
  const got = env.files.read(file, MAX_INPUT_BYTES, 'a YAML text file');
  if (!got.ok) return got;
  const parsed = parseFigures(file, got.text);
  if (!parsed.ok) return parsed;
  const documents = new Map<string, string>();
  const unread: Issue[] = [];
  for (const name of registerSources(parsed.figures.file)) {
    const doc = env.files.read(env.files.resolve(folder, `sources/${name}`), MAX_INPUT_BYTES, 'a text file');
    if (doc.ok) documents.set(name, doc.text);
    else unread.push(...doc.issues);
  }
  if (unread.length) return { ok: false, issues: unread };
  const issues = figuresProblems(parsed.figures, { documents, parameters: cal.calibration.file.parameters });
  return issues.length ? { ok: false, issues } : { ok: true, sha256: env.sha256(got.text), register: registerSummary(parsed.figures.file) };
}
