/** Every kind of input problem mvsim reports; each is documented in docs/ERRORS.md. */
export const ISSUE_CODES = [
  'FILE_NOT_FOUND',
  'FILE_TOO_LARGE',
  'NOT_A_REGULAR_FILE',
  'FILE_UNREADABLE',
  'EXTENDS_NOT_A_SCENARIO',
  'BINARY_FILE',
  'EMPTY_FILE',
  'YAML_SYNTAX',
  'DUPLICATE_KEY',
  'ALIAS_LIMIT',
  'NOT_A_MAPPING',
  'UNKNOWN_KEY',
  'MISSING_FIELD',
  'INVALID_TYPE',
  'OUT_OF_RANGE',
  'INVALID_VALUE',
  'UNKNOWN_EVENT_TYPE',
  'EVENT_TIMING',
  'MONTH_OUT_OF_RANGE',
  'EXTENDS_CYCLE',
  'EXTENDS_MISSING',
  'EXPRESSION_SYNTAX',
  'EXPRESSION_UNKNOWN_NAME',
  'EXPRESSION_FORBIDDEN',
  'EXPRESSION_ARGUMENTS',
  'EXPRESSION_RUNTIME',
  'BUDGET_EXCEEDED',
  'NESTING_TOO_DEEP',
  'CALIBRATION_INCOMPLETE',
  'PROVENANCE_MISMATCH',
  'JSON_SYNTAX',
  'NOT_A_RESULT',
  'NOT_A_STATE',
  'BRANCH_DIVERGES',
  'INVARIANT_BROKEN',
  'INVALID_OPTION',
  'DESTINATION_EXISTS',
  'RUN_FAILED',
  'WRITE_FAILED',
  'INCOMPARABLE',
  'NOT_A_PARTIAL',
  'SHARDS_INCOMPLETE',
  'VERIFY_MISMATCH',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/**
 * Codes of problems that are failures of a run, not mistakes in its inputs: the CLI
 * exits 1 for these and 2 for every other error.
 */
export const FAILURE_CODES: readonly IssueCode[] = ['INVARIANT_BROKEN', 'RUN_FAILED', 'WRITE_FAILED', 'VERIFY_MISMATCH'];

/** Among a run's issues, one that is the user's mistake rather than a failure (a condition that cannot be evaluated in some month), if any. */
export const inputMistake = (issues: readonly Issue[]): Issue | undefined => issues.find((i) => !FAILURE_CODES.includes(i.code));

/**
 * One problem, explained and, where it has one, located: in a file (line and column,
 * and the path of the offending field), or nowhere for a problem with a command's
 * option or with a run. Collected and returned as values, never thrown: every failure
 * in mvsim is `{ ok: false, issues }`.
 */
export interface Issue {
  readonly code: IssueCode;
  readonly severity: 'error' | 'warning';
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Path of the offending field, e.g. ['events', 2, 'type']; empty when the problem is not with a field. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly suggestion?: string;
}

/** A value, or the issues that prevent it: the one failure shape of mvsim. */
export type Outcome<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly issues: readonly Issue[] };

/** Issues' messages in one line, for logs and result files (which record why a seed failed as text). */
export const messageOf = (issues: readonly Issue[]): string => issues.map((i) => i.message).join('; ');

/** An error that is not in a file: a command's option, a run's failure. */
export const plainIssue = (code: IssueCode, message: string, path: readonly (string | number)[] = []): Issue => ({ code, severity: 'error', path, message });

/**
 * The first `max` issues, and the rest counted in one more issue of the next one's code
 * (`more(n)` words it): a folder or an ensemble can give thousands of the same problem.
 */
export function capIssues(issues: readonly Issue[], max: number, more: (n: number) => string): Issue[] {
  const rest = issues.length - max;
  return rest > 0 ? [...issues.slice(0, max), plainIssue(issues[max]!.code, more(rest))] : [...issues];
}

/** An error-only outcome with one plain issue. */
export const failure = (code: IssueCode, message: string): { readonly ok: false; readonly issues: readonly Issue[] } => ({ ok: false, issues: [plainIssue(code, message)] });

/** Dotted path for messages: events[2].type */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') || '(document)';
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');
