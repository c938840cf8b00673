import { formatPath, type Issue } from '../input/issues.js';

/**
 * Control characters (newlines, escape sequences) in text from a file, shown escaped:
 * one problem stays on one line, and a file cannot drive the terminal.
 */
export const escapeControls = (text: string, keepTabs = false): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(keepTabs ? /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g, (c) => JSON.stringify(c).slice(1, -1));

/** One issue as "file:line:col: error CODE at path: message (did you mean ...?)", with the source line and a caret. */
export function formatIssue(issue: Issue, sources: ReadonlyMap<string, string>, cwdRelative: (f: string) => string): string {
  return formatIssueRaw({ ...issue, message: escapeControls(issue.message), path: issue.path.map((p) => (typeof p === 'string' ? escapeControls(p) : p)), ...(issue.suggestion ? { suggestion: escapeControls(issue.suggestion) } : {}) }, sources, cwdRelative);
}

function formatIssueRaw(issue: Issue, sources: ReadonlyMap<string, string>, cwdRelative: (f: string) => string): string {
  const hint = issue.suggestion ? ` (did you mean "${issue.suggestion}"?)` : '';
  // A problem that is in no file (an option, a run) is its message alone.
  if (issue.file === undefined) return `${issue.message}${hint}`;
  const at = issue.line === undefined ? '' : `:${issue.line}:${issue.column ?? 1}`;
  const head = `${escapeControls(cwdRelative(issue.file))}${at}: ${issue.severity} ${issue.code} at ${formatPath(issue.path)}: ${issue.message}`;
  const text = sources.get(issue.file);
  if (issue.line === undefined) return head + hint;
  const line = text?.split(/\r?\n/)[issue.line - 1];
  if (line === undefined || line.length > 300) return head + hint;
  const gutter = String(issue.line).padStart(4);
  return `${head}${hint}\n${gutter} | ${escapeControls(line, true)}\n${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, (issue.column ?? 1) - 1))}^`;
}

/** Every issue, errors first in file order, then a count (problems in no file are printed alone, as their message). */
export function formatIssues(issues: readonly Issue[], sources: ReadonlyMap<string, string>, cwdRelative: (f: string) => string): string {
  if (issues.every((i) => i.file === undefined)) return issues.map((i) => `${formatIssue(i, sources, cwdRelative)}\n`).join('');
  const f = (i: Issue): string => i.file ?? '';
  const sorted = [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || (f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const count = [errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`].filter(Boolean).join(', ');
  return `${sorted.map((i) => formatIssue(i, sources, cwdRelative)).join('\n')}\n${count}\n`;
}
