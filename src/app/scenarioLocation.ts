import type { Issue, IssueCode } from '../input/issues.js';
import { issueIn, parseYaml, valueAt, type YamlSource } from '../input/yamlSource.js';

/**
 * Locates a path of a resolved scenario in the files it was resolved from (`texts`,
 * the child first, then each parent, as the loader read them): an event in the file
 * that contributed it, an override or a field in the nearest file that sets it, else
 * the child file's nearest enclosing key, else its first line.
 */
export function scenarioIssue(texts: ReadonlyMap<string, string>, code: IssueCode, path: readonly (string | number)[], message: string): Issue {
  const sources = [...texts].flatMap(([file, text]) => {
    const parsed = parseYaml(file, text);
    return parsed.ok ? [parsed.source] : [];
  });
  // Reported at the path asked for, located at the nearest place the files have.
  const at = (src: YamlSource, p: readonly (string | number)[]): Issue => ({ ...issueIn(src, code, [...p], message, { key: typeof p[p.length - 1] === 'string' }), path: [...path] });
  if (path[0] === 'events' && typeof path[1] === 'number') {
    // The resolved timeline is the root ancestor's events, then each child's in turn.
    let index = path[1];
    for (const src of [...sources].reverse()) {
      const events = valueAt(src.value, ['events']);
      const n = Array.isArray(events) ? events.length : 0;
      // Reported at the event's place in the file that holds it (the resolved timeline puts the parents' events first).
      if (index < n) return issueIn(src, code, ['events', index, ...path.slice(2)], message);
      index -= n;
    }
  }
  for (const src of sources) if (valueAt(src.value, path) !== undefined) return at(src, path);
  if (path[0] === 'doctrineWeights') for (const src of sources) if (valueAt(src.value, ['doctrine']) !== undefined) return at(src, ['doctrine']);
  const child = sources[0];
  if (child) for (let n = path.length - 1; n >= 1; n--) if (valueAt(child.value, path.slice(0, n)) !== undefined) return at(child, path.slice(0, n));
  const file = [...texts.keys()][0] ?? '(scenario)';
  return child ? at(child, []) : { code, severity: 'error', file, line: 1, column: 1, path: [...path], message };
}

/**
 * A run's issue as the user should see it: a problem with an event that showed only
 * when the run reached it (a condition that cannot be evaluated) is located in the
 * scenario file that holds the event; any other issue is returned as it is.
 */
export function locateRunIssue(texts: ReadonlyMap<string, string>, issue: Issue): Issue {
  if (issue.file !== undefined || issue.path[0] !== 'events') return issue;
  return { ...scenarioIssue(texts, issue.code, issue.path, issue.message), severity: issue.severity };
}
