import type { MathNode } from 'mathjs';
import type { Issue, IssueCode, Outcome } from '../input/issues.js';
import { mathjs } from '../model/mathjs.js';
import { INDICATOR_NAMES } from '../model/indicators.js';
import { didYouMean } from '../input/suggest.js';
import { exp as portableExp, log as portableLog } from '../model/portableMath.js';

/** Names a condition may use: every indicator, plus `month` (the step number). */
export const CONDITION_NAMES: readonly string[] = [...INDICATOR_NAMES, 'month'];
const NAME_SET = new Set(CONDITION_NAMES);
const GROUPS = new Set(CONDITION_NAMES.flatMap((n) => n.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));

/** Functions a condition may call. */
export const ALLOWED_FUNCTIONS = ['abs', 'min', 'max', 'sqrt', 'exp', 'log', 'round', 'floor', 'ceil'] as const;
const FUNCTIONS = new Set<string>(ALLOWED_FUNCTIONS);
/** How many arguments each allowed function takes: [fewest, most]. */
const ARITY: Readonly<Record<(typeof ALLOWED_FUNCTIONS)[number], readonly [number, number]>> = {
  abs: [1, 1], sqrt: [1, 1], exp: [1, 1], floor: [1, 1], ceil: [1, 1], log: [1, 2], round: [1, 2], min: [1, Number.POSITIVE_INFINITY], max: [1, Number.POSITIVE_INFINITY],
};
/** mathjs functions disabled for conditions: naming one is EXPRESSION_FORBIDDEN, not an unknown name. */
const DISABLED = ['import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'derivative', 'resolve', 'reviver', 'replacer'] as const;

/** A domain error of a condition's function, reported as the scenario's error, not a crash. */
const domain = (message: string): never => {
  throw new RangeError(message);
};

/** A value that must be finite, or a domain error naming the operation. */
const finite = (op: string, v: number): number => (Number.isFinite(v) ? v : domain(`${op} gives ${v}`));

/** A comparison of two finite real numbers (NaN or an infinity makes it a domain error). */
const compare =
  (op: string, f: (a: number, b: number) => boolean) =>
  (a: number, b: number): boolean =>
    typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) ? f(a, b) : domain(`${op} compares a value that is not a finite number (${a} ${op} ${b})`);

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
    // Real numbers only, and the portable exp and log, so a condition gives the same answer on every engine;
    // a domain error (the root or logarithm of a negative number) is an error, not a complex or NaN result that a comparison would hide.
    math.import(
      {
        sqrt: (x: number) => (x < 0 ? domain(`sqrt of a negative number (${x})`) : Math.sqrt(x)),
        exp: (x: number) => portableExp(x),
        // a value that is not finite (0/0, 1/0, an overflow) is an error where it is compared or divided, not a comparison that quietly comes out false
        divide: (a: number, b: number) => (b === 0 ? domain(`division by zero (${a} / 0)`) : finite('/', a / b)),
        larger: compare('>', (a, b) => a > b),
        smaller: compare('<', (a, b) => a < b),
        largerEq: compare('>=', (a, b) => a >= b),
        smallerEq: compare('<=', (a, b) => a <= b),
        equal: compare('==', (a, b) => a === b),
        unequal: compare('!=', (a, b) => a !== b),
        log: (x: number, base?: number) => {
          if (!(x > 0)) domain(`log of a number that is not positive (${x})`);
          if (base === undefined) return portableLog(x);
          if (!(base > 0) || base === 1) domain(`log with base ${base}`);
          return portableLog(x) / portableLog(base);
        },
      },
      { override: true },
    );
    // Last, since it disables `import` itself.
    math.import(Object.fromEntries(DISABLED.map((f) => [f, forbidden(f)])), { override: true });
  }
  return restrictedParse(text);
}

/**
 * A compiled condition: whether it holds in a month's state (indicator name, or `month`,
 * to value), or why it cannot be evaluated there (a domain error, a value that is not a
 * finite real number).
 */
export type Condition = (scope: ConditionScope) => boolean | { readonly error: string };

/** A month's state as conditions read it: nested by the dotted names ({ kz: { compliance: 0.6, … }, month: 3 }). Built once a month for every condition. */
export type ConditionScope = Readonly<Record<string, unknown>>;

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
    condition: (scope) => {
      let v: unknown;
      try {
        // A copy per evaluation: mathjs may write into the scope it is given.
        v = code.evaluate({ ...scope });
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      }
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return v !== 0;
      return { error: typeof v === 'number' ? `its value is ${v}` : 'its value is not a real number' };
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
      const isForbidden = name !== undefined && (NAME_SET.has(name) || (DISABLED as readonly string[]).includes(name));
      issues.push(problem(isForbidden ? 'EXPRESSION_FORBIDDEN' : 'EXPRESSION_UNKNOWN_NAME', `Unknown or forbidden function "${name ?? '?'}": allowed are ${ALLOWED_FUNCTIONS.join(', ')}`, suggestion));
    } else {
      const [lo, hi] = ARITY[name as keyof typeof ARITY];
      const n = f.args.length;
      if (n < lo || n > hi) issues.push(problem('EXPRESSION_ARGUMENTS', `${name} takes ${lo === hi ? lo : hi === Number.POSITIVE_INFINITY ? `at least ${lo}` : `${lo} or ${hi}`} argument${lo === 1 && (hi === 1 || hi === Number.POSITIVE_INFINITY) ? '' : 's'}; got ${n}`));
      if (name === 'round' && n === 2) {
        const digits = f.args[1]!;
        const v = digits.type === 'ConstantNode' ? (digits as MathNode & { value: unknown }).value : undefined;
        if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 15)) issues.push(problem('EXPRESSION_ARGUMENTS', "round's second argument must be a whole number of digits from 0 to 15, written as a number"));
      }
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

/** The scope conditions read for a month's state (indicator name, or `month`, to value). */
export function conditionScope(state: ReadonlyMap<string, number>): ConditionScope {
  const scope: Record<string, unknown> = {};
  for (const [name, value] of state) {
    const parts = name.split('.');
    let o = scope;
    for (let i = 0; i < parts.length - 1; i++) o = (o[parts[i]!] ??= {}) as Record<string, unknown>;
    o[parts[parts.length - 1]!] = value;
  }
  return scope;
}
