import { didYouMean } from '../input/suggest.js';
import type { Issue } from '../input/issues.js';
import { issueIn, parseYaml, zodIssues, type YamlSource } from '../input/yamlSource.js';
import { INDICATOR_NAMES } from '../model/indicators.js';
import { isParamId, paramBoundProblem, PARAM_IDS, shareProblems, type Params } from '../model/params.js';
import { CalibrationFileSchema, memberMatches, provenanceOf, rangeOf, reproducedByOf, type CalibrationFile } from './schema.js';

export interface Calibration {
  readonly file: CalibrationFile;
  readonly params: Params;
}

/**
 * Parses and checks a calibration file: every model parameter exactly once, within
 * bounds, each range containing its value, each `reproducedBy` naming an indicator.
 */
export function parseCalibration(file: string, text: string): { ok: true; calibration: Calibration } | { ok: false; issues: Issue[] } {
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return parsed;
  const src = parsed.source;
  const checked = CalibrationFileSchema.safeParse(src.value);
  if (!checked.success) return { ok: false, issues: zodIssues(src, CalibrationFileSchema, checked.error.issues) };
  const issues: Issue[] = [];
  const entries = checked.data.parameters;
  for (const [id, e] of Object.entries(entries)) {
    const path = ['parameters', id];
    if (!isParamId(id)) {
      issues.push(issueIn(src, 'UNKNOWN_KEY', path, `Unknown parameter "${id}": the model does not read it`, { key: true, suggestion: didYouMean(id, PARAM_IDS) }));
      continue;
    }
    const problem = paramBoundProblem(id, e.value);
    if (problem) issues.push(issueIn(src, 'OUT_OF_RANGE', [...path, 'value'], `${id} = ${e.value}: expected ${problem}`));
    const range = rangeOf(e);
    if (range && !(range[0] <= e.value && e.value <= range[1])) issues.push(issueIn(src, 'OUT_OF_RANGE', [...path, provenanceOf(e), 'range'], `${id}: value ${e.value} lies outside its own plausible range [${range[0]}, ${range[1]}]`));
    const indicator = reproducedByOf(e);
    if (indicator !== undefined && !INDICATOR_NAMES.includes(indicator)) {
      issues.push(issueIn(src, 'INVALID_VALUE', [...path, provenanceOf(e), 'reproducedBy'], `${id}: unknown indicator "${indicator}" in reproducedBy`, { suggestion: didYouMean(indicator, INDICATOR_NAMES) }));
    }
  }
  issues.push(...groupProblems(src, checked.data), ...rangeBoundProblems(src, checked.data));
  for (const id of PARAM_IDS) if (!(id in entries)) issues.push(issueIn(src, 'CALIBRATION_INCOMPLETE', ['parameters'], `Missing parameter "${id}": every model parameter needs a value and its provenance`));
  if (issues.length) return { ok: false, issues };
  const params = Object.fromEntries(PARAM_IDS.map((id) => [id, entries[id]!.value])) as Params;
  const shares = shareProblems(params).map((p) => issueIn(src, 'OUT_OF_RANGE', ['parameters', p.ids[0]!], p.message, { key: true }));
  if (shares.length) return { ok: false, issues: shares };
  return { ok: true, calibration: { file: checked.data, params } };
}

/** Groups whose members match no parameter, and parameters in no group or in two (when the file has groups). */
function groupProblems(src: YamlSource, file: CalibrationFile): Issue[] {
  if (!file.groups) return [];
  const issues: Issue[] = [];
  const ids = Object.keys(file.parameters).filter(isParamId);
  for (const [name, g] of Object.entries(file.groups)) {
    g.members.forEach((m, i) => {
      if (!ids.some((id) => memberMatches(m, id))) issues.push(issueIn(src, 'INVALID_VALUE', ['groups', name, 'members', i], `Group ${name}: "${m}" matches no parameter`));
    });
  }
  for (const id of ids) {
    const of = Object.entries(file.groups).filter(([, g]) => g.members.some((m) => memberMatches(m, id))).map(([name]) => name);
    if (of.length !== 1) issues.push(issueIn(src, 'INVALID_VALUE', ['groups'], of.length ? `${id} is in ${of.length} groups (${of.join(', ')}); every parameter belongs to exactly one` : `${id} is in no group; every parameter belongs to exactly one`, { key: true }));
  }
  return issues;
}

/** Plausible ranges that reach outside what the model accepts for the parameter: sampling them would give runs the model refuses. */
function rangeBoundProblems(src: YamlSource, file: CalibrationFile): Issue[] {
  return Object.entries(file.parameters).flatMap(([id, e]) => {
    const range = rangeOf(e);
    if (!range || !isParamId(id)) return [];
    const bad = range.map((v) => paramBoundProblem(id, v)).find((p) => p !== undefined);
    return bad ? [issueIn(src, 'OUT_OF_RANGE', ['parameters', id, provenanceOf(e), 'range'], `${id}: the plausible range [${range[0]}, ${range[1]}] reaches outside what the model accepts (${bad})`)] : [];
  });
}
