import { addMonths } from '../model/calendar.js';
import { DOCTRINE_PRESETS, type Doctrine } from '../model/doctrine.js';
import { hasErrors, type Issue, type Outcome } from '../input/issues.js';
import { issueIn, parseYaml, zodIssues, type YamlSource } from '../input/yamlSource.js';
import { stepOf } from './events.js';
import { compileCondition } from './expressions.js';
import type { ResolvedScenario } from './resolved.js';
import { DEFAULT_HORIZON, DEFAULT_SEEDS, DEFAULT_START, ScenarioFileSchema, type ScenarioEvent, type ScenarioFile } from './schema.js';

/** Reads a file's text, or says why it cannot (not found, too large, binary). Supplied by the I/O edge. */
export type ReadText = (file: string) => Outcome<{ text: string }>;
/** Resolves `relative` against the folder of `from`. Supplied by the I/O edge. */
export type ResolvePath = (from: string, relative: string) => string;

export type LoadResult =
  | { readonly ok: true; readonly scenario: ResolvedScenario; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

interface Layer {
  readonly src: YamlSource;
  readonly file: ScenarioFile;
}

/**
 * Loads a scenario file and its `extends` ancestors, checks everything it can
 * (syntax, keys, types, ranges, event types and timing, conditions, cycles) and
 * returns every problem found, or the resolved scenario.
 */
export function loadScenario(file: string, read: ReadText, resolve: ResolvePath): LoadResult {
  const issues: Issue[] = [];
  const layers: Layer[] = [];
  let current = file;
  const chain: string[] = [];
  let child: Layer | undefined;
  for (;;) {
    chain.push(current);
    const got = read(current);
    if (!got.ok) {
      if (child && got.issues.some((i) => i.code === 'FILE_NOT_FOUND')) {
        issues.push(issueIn(child.src, 'EXTENDS_MISSING', ['extends'], `The parent scenario ${JSON.stringify(child.file.extends)} does not exist (looked for ${current})`));
      } else if (child) {
        // Located at the child's `extends`: the parent is not quoted, since it may be any file.
        const why = got.issues[0];
        issues.push(issueIn(child.src, why?.code ?? 'EXTENDS_NOT_A_SCENARIO', ['extends'], `The parent scenario ${JSON.stringify(child.file.extends)} cannot be read: ${why?.message ?? 'unknown reason'}`));
      } else issues.push(...got.issues);
      break;
    }
    const parsed = parseYaml(current, got.text);
    if (child && (!parsed.ok || !looksLikeScenario(parsed.source.value))) {
      // A file that is not a scenario at all (e.g. /etc/passwd) is refused at the child's `extends`, and none of its lines is shown.
      issues.push(issueIn(child.src, 'EXTENDS_NOT_A_SCENARIO', ['extends'], `The parent ${JSON.stringify(child.file.extends)} (${current}) is not an mvsim scenario: expected a YAML mapping with a name and only scenario keys`));
      break;
    }
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      break;
    }
    const checked = ScenarioFileSchema.safeParse(parsed.source.value);
    if (!checked.success) {
      issues.push(...zodIssues(parsed.source, ScenarioFileSchema, checked.error.issues));
      break;
    }
    const layer: Layer = { src: parsed.source, file: checked.data };
    issues.push(...checkEvents(layer));
    layers.push(layer);
    if (layer.file.extends === undefined) break;
    const parent = resolve(current, layer.file.extends);
    if (chain.includes(parent)) {
      issues.push(issueIn(layer.src, 'EXTENDS_CYCLE', ['extends'], `extends forms a cycle: ${[...chain, parent].join(' -> ')}`));
      break;
    }
    // A cycle through a symbolic link names a new path at every step (d/loop/loop/…): bound the chain instead of following it.
    if (chain.length >= MAX_EXTENDS_DEPTH) {
      issues.push(issueIn(layer.src, 'EXTENDS_CYCLE', ['extends'], `extends goes more than ${MAX_EXTENDS_DEPTH} files deep (${chain[0]} -> … -> ${parent}); a chain that long is a cycle, e.g. through a link to a folder`));
      break;
    }
    child = layer;
    current = parent;
  }
  if (hasErrors(issues)) return { ok: false, issues };
  const scenario = merge(layers.slice().reverse().map((l) => l.file));
  if (scenario.events.length * scenario.horizon > EVENT_MONTH_BUDGET) {
    const at = layers.find((l) => (l.file.events?.length ?? 0) > 0) ?? layers[0]!;
    return { ok: false, issues: [issueIn(at.src, 'BUDGET_EXCEEDED', ['events'], `${scenario.events.length} events over ${scenario.horizon} months is ${scenario.events.length * scenario.horizon} event-months; the budget is ${EVENT_MONTH_BUDGET} (for example 500 events over 120 months), which keeps a run's time and its event log bounded`, { key: true })] };
  }
  const rangeIssues = checkMonths(scenario, layers);
  const all = [...issues, ...rangeIssues];
  if (hasErrors(all)) return { ok: false, issues: all };
  return { ok: true, scenario, warnings: all };
}

const SCENARIO_KEYS: ReadonlySet<string> = new Set(Object.keys(ScenarioFileSchema.shape));

/** A mapping with a string `name` and no key a scenario does not have: what a parent scenario must at least be before its problems are shown line by line. */
function looksLikeScenario(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return typeof (value as { name?: unknown }).name === 'string' && keys.every((k) => SCENARIO_KEYS.has(k));
}

/** The most files an `extends` chain may hold, the scenario itself included. */
export const MAX_EXTENDS_DEPTH = 16;

/**
 * The most events × months a scenario may ask for: every event is looked at every month
 * (conditions evaluated, effects applied, firings logged), so this bounds a run's time
 * and the size of its log and result file.
 */
export const EVENT_MONTH_BUDGET = 60_000;

/** Timing rules and conditions of one file's events. */
function checkEvents(layer: Layer): Issue[] {
  const out: Issue[] = [];
  (layer.file.events ?? []).forEach((e, i) => {
    const path = ['events', i];
    const kinds = [e.at !== undefined && 'at', e.from !== undefined && 'from', e.when !== undefined && 'when'].filter(Boolean);
    if (kinds.length !== 1) out.push(issueIn(layer.src, 'EVENT_TIMING', path, `Event ${i + 1} (${e.type}) needs exactly one of at, from or when; it has ${kinds.length ? kinds.join(' and ') : 'none'}`));
    if (e.until !== undefined && e.from === undefined) out.push(issueIn(layer.src, 'EVENT_TIMING', [...path, 'until'], '"until" needs "from"', { key: true }));
    for (const k of ['duration', 'repeat'] as const) if (e[k] !== undefined && e.when === undefined) out.push(issueIn(layer.src, 'EVENT_TIMING', [...path, k], `"${k}" applies only to events with "when"`, { key: true }));
    if (e.when !== undefined) {
      const c = compileCondition(e.when);
      if (!c.ok) for (const i of c.issues) out.push(issueIn(layer.src, i.code, [...path, 'when'], i.message, { suggestion: i.suggestion }));
    }
  });
  return out;
}

/** Months outside the run: before or at the start is an error (it can never fire), after the end a warning. */
function checkMonths(s: ResolvedScenario, layers: readonly Layer[]): Issue[] {
  const out: Issue[] = [];
  const end = addMonths(s.start, s.horizon);
  for (const layer of layers) {
    (layer.file.events ?? []).forEach((e, i) => {
      for (const k of ['at', 'from', 'until'] as const) {
        const ref = e[k];
        if (ref === undefined) continue;
        const step = stepOf(s.start, ref);
        if (step < 1) out.push(issueIn(layer.src, 'MONTH_OUT_OF_RANGE', ['events', i, k], `${k}: ${JSON.stringify(ref)} is not after the start month ${s.start}; events act from ${addMonths(s.start, 1)}`));
        else if (step > s.horizon) out.push(issueIn(layer.src, 'MONTH_OUT_OF_RANGE', ['events', i, k], k === 'until' ? `until: ${JSON.stringify(ref)} is after the last month ${end}; the event acts until the run ends` : `${k}: ${JSON.stringify(ref)} is after the last month ${end}; the event never acts`, { severity: 'warning' }));
      }
      if (e.from !== undefined && e.until !== undefined && stepOf(s.start, e.until) < stepOf(s.start, e.from)) out.push(issueIn(layer.src, 'EVENT_TIMING', ['events', i, 'until'], `until (${String(e.until)}) is before from (${String(e.from)})`));
    });
  }
  return out;
}

/** Merges files from the root ancestor to the leaf: later files override fields; parameters and weights merge by key; events append. */
function merge(files: readonly ScenarioFile[]): ResolvedScenario {
  const leaf = files[files.length - 1]!;
  const last = <K extends keyof ScenarioFile>(k: K): ScenarioFile[K] | undefined => files.reduce<ScenarioFile[K] | undefined>((v, f) => f[k] ?? v, undefined);
  const preset = last('doctrine') ?? 'balanced';
  const base: Doctrine = DOCTRINE_PRESETS[preset];
  const weights = files.reduce<Doctrine>((d, f) => {
    const w = f.doctrineWeights;
    if (!w) return d;
    const { affinity, ...rest } = w;
    return { ...d, ...rest, affinity: { ...d.affinity, ...(affinity ?? {}) } } as Doctrine;
  }, { ...base, affinity: { ...base.affinity } });
  const parameters = Object.fromEntries(
    Object.entries(Object.assign({}, ...files.map((f) => f.parameters ?? {})) as Record<string, number>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const events: ScenarioEvent[] = files.flatMap((f) => f.events ?? []);
  return {
    name: leaf.name,
    description: leaf.description ?? '',
    start: last('start') ?? DEFAULT_START,
    horizon: last('horizon') ?? DEFAULT_HORIZON,
    seeds: last('seeds') ?? DEFAULT_SEEDS,
    firms: last('firms') ?? null,
    doctrine: { preset, weights },
    parameters,
    events,
  };
}
