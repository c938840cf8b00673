/** Every kind of input problem mvsim reports; each is documented in docs/ERRORS.md. */
export const ISSUE_CODES = [
  'FILE_NOT_FOUND',
  'FILE_TOO_LARGE',
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
  'CALIBRATION_INCOMPLETE',
  'JSON_SYNTAX',
  'NOT_A_RESULT',
  'NOT_A_STATE',
  'BRANCH_DIVERGES',
  'INVARIANT_BROKEN',
  'INCOMPARABLE',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** One problem with an input file, located and explained; collected, never thrown. */
export interface Issue {
  readonly code: IssueCode;
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Path of the offending field, e.g. ['events', 2, 'type']. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly suggestion?: string;
}

/** Dotted path for messages: events[2].type */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') || '(document)';
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');
