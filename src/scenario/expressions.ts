import type { MathNode } from 'mathjs';
import type { Issue, IssueCode, Outcome } from '../input/issues.js';
import { mathjs } from '../model/mathjs.js';
import { INDICATOR_NAMES } from '../model/indicators.js';
import { didYouMean } from '../input/suggest.js';

/** Names a condition may use: every indicator, plus `month` (the step number). */
export const CONDITION_NAMES: readonly string[] = [...INDICATOR_NAMES, 'month'];
const NAME_SET = new Set(CONDITION_NAMES);
const GROUPS = new Set(CONDITION_NAMES.flatMap((n) => n.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));

/** Functions a condition may call. */
export const ALLOWED_FUNCTIONS = ['abs', 'min', 'max', 'sqrt', 'exp', 'log', 'round', 'floor', 'ceil'] as const;
const FUNCTIONS = new Set<string>(ALLOWED_FUNCTIONS);

const forbidden = (name: string) => () => {
  throw new Error(`Function ${name} is disabled`);
};
let restrictedParse: ((text: string) => MathNode) | undefined;
/**
 * The parser of a mathjs instance of our own (so the restrictions touch nothing another
 * module could share), made when the first condition is compiled: a scenario without
 * conditions never loads mathjs. Restricted as in mathjs's security guidance: nothing
 * reachable at evaluation can import, parse or define.
 */
function parse(text: string): MathNode {
  if (!restrictedParse) {
    const math = mathjs().create();
    // The parser is taken before `parse` itself is disabled for what conditions can reach.
    restrictedParse = math.parse;
    math.import(
      Object.fromEntries(['import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'derivative', 'resolve', 'reviver', 'replacer'].map((f) => [f, forbidden(f)])),
      { override: true },
    );
  }
  return restrictedParse(text);
}

/** A compiled condition: true when it holds in a month's state (indicator name, or `month`, to value). */
export type Condition = (state: ReadonlyMap<string, number>) => boolean;

/** A problem with a condition (the loader locates it at the event's `when`). */
const problem = (code: IssueCode, message: string, suggestion?: string): Issue => ({ code, severity: 'error', path: [], message, ...(suggestion ? { suggestion } : {}) });

/** Parses and checks a condition; returns its issues, or a compiled predicate over the state. */
export function compileCondition(text: string): Outcome<{ condition: Condition }> {
  let root: MathNode;
  try {
    root = parse(text);
  } catch (e) {
    return { ok: false, issues: [problem('EXPRESSION_SYNTAX', `Cannot parse condition ${JSON.stringify(text)}: ${e instanceof Error ? e.message : String(e)}`)] };
  }
  const issues: Issue[] = [];
  check(root, issues);
  if (issues.length) return { ok: false, issues };
  const code = root.compile();
  return {
    ok: true,
    condition: (state) => {
      const v: unknown = code.evaluate(scopeOf(state));
      return typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 && !Number.isNaN(v) : false;
    },
  };
}

/** A dotted name for a symbol or a chain of dot accessors, or undefined for anything else. */
function dottedName(node: MathNode): string | undefined {
  const n = node as MathNode & { name?: string; object?: MathNode; index?: { dotNotation?: boolean; dimensions?: { value?: unknown }[] } };
  if (n.type === 'SymbolNode') return n.name;
  if (n.type === 'AccessorNode' && n.object && n.index?.dotNotation) {
    const base = dottedName(n.object);
    const prop = n.index.dimensions?.[0]?.value;
    return base !== undefined && typeof prop === 'string' ? `${base}.${prop}` : undefined;
  }
  return undefined;
}

function check(node: MathNode, issues: Issue[]): void {
  const t = node.type;
  if (t === 'SymbolNode' || t === 'AccessorNode') {
    const name = dottedName(node);
    if (name === undefined) issues.push(problem('EXPRESSION_FORBIDDEN', 'Only dotted names are allowed (no [..] indexing)'));
    else if (!NAME_SET.has(name)) {
      const suggestion = didYouMean(name, CONDITION_NAMES);
      issues.push(problem('EXPRESSION_UNKNOWN_NAME', GROUPS.has(name) ? `"${name}" is a group, not a value: name one of its indicators` : `Unknown name "${name}" in condition`, suggestion));
    }
    return;
  }
  if (t === 'FunctionNode') {
    const f = node as MathNode & { fn: MathNode; args: MathNode[] };
    const name = f.fn.type === 'SymbolNode' ? (f.fn as MathNode & { name: string }).name : undefined;
    if (name === undefined || !FUNCTIONS.has(name)) {
      const suggestion = name ? didYouMean(name, ALLOWED_FUNCTIONS) : undefined;
      issues.push(problem(name && NAME_SET.has(name) ? 'EXPRESSION_FORBIDDEN' : 'EXPRESSION_UNKNOWN_NAME', `Unknown or forbidden function "${name ?? '?'}": allowed are ${ALLOWED_FUNCTIONS.join(', ')}`, suggestion));
    }
    f.args.forEach((a) => check(a, issues));
    return;
  }
  if (t === 'ConstantNode') {
    const v = (node as MathNode & { value: unknown }).value;
    if (typeof v !== 'number' && typeof v !== 'boolean') issues.push(problem('EXPRESSION_FORBIDDEN', 'Only numbers and true/false are allowed as constants'));
    return;
  }
  if (t === 'OperatorNode' || t === 'ParenthesisNode' || t === 'ConditionalNode' || t === 'RelationalNode') {
    node.forEach((child) => check(child, issues));
    return;
  }
  const what: Record<string, string> = {
    AssignmentNode: 'assignment', FunctionAssignmentNode: 'function definitions', BlockNode: 'several statements',
    ObjectNode: 'object literals', ArrayNode: 'arrays', RangeNode: 'ranges', IndexNode: 'indexing',
  };
  issues.push(problem('EXPRESSION_FORBIDDEN', `Conditions may not contain ${what[t] ?? t}`));
}

/** Nested scope for dotted names: { kz: { compliance: 0.6, ... }, ... }. */
function scopeOf(state: ReadonlyMap<string, number>): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [name, value] of state) {
    const parts = name.split('.');
    let o = scope;
    for (let i = 0; i < parts.length - 1; i++) o = (o[parts[i]!] ??= {}) as Record<string, unknown>;
    o[parts[parts.length - 1]!] = value;
  }
  return scope;
}
