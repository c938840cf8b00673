import { indicatorSpec } from '../model/indicators.js';
import { ACTIONS, COMPONENTS, type Component } from '../model/kazakhstan.js';
import { POWERS, type Power } from '../model/ids.js';
import type { EnsembleResult } from '../results/ensembleResult.js';
import { roundValue, type RunResult } from '../results/runResult.js';
import { DECOMPOSITION_METHOD, type Attribution } from './decompose.js';

/** The indicators an explanation opens with: the three exposures, output, stability and the balance of the posture. */
export const EXPLAINED_HEADLINE: readonly string[] = [
  'security.exposure',
  'sanctions.exposure',
  'trade.exposure.RU',
  'trade.exports.RU',
  'trade.imports.RU',
  'trade.oilExportVolume',
  'sanctions.greyTrade',
  'economy.gdpIndex',
  'stability.index',
  'kz.balanceIndex',
  'sanctions.designations',
];

export interface HeadlineChange {
  readonly indicator: string;
  readonly description: string;
  readonly start: number;
  readonly final: number;
  readonly change: number;
  /** Ensembles: the 5th and 95th percentiles of the final month across seeds. */
  readonly finalRange?: { readonly p5: number; readonly p95: number };
}

/** Something that happened: a scheduled or triggered scenario event, a power's move, enforcement. */
export interface EventAccount {
  readonly kind: string;
  readonly actor: string;
  /** Runs: the months it happened in. */
  readonly months?: readonly string[];
  /** Runs: what the log says, once per distinct text. */
  readonly details?: readonly string[];
  readonly why?: string;
  /** Ensembles: share of runs in which it happened, mean count per run, median month of first occurrence. */
  readonly shareOfRuns?: number;
  readonly meanPerRun?: number;
  readonly medianFirstMonth?: string;
  /** Runs: how many times it happened. */
  readonly count?: number;
}

/** How often Kazakhstan took one action and, for runs, the weighted reasons recorded against holding course. */
export interface DecisionAccount {
  readonly action: string;
  /** Runs: months in which it was chosen; ensembles: mean per run. */
  readonly count: number;
  /** Ensembles: share of runs in which it was chosen at least once. */
  readonly shareOfRuns?: number;
  readonly firstMonth?: string;
  /** Runs: mean over those months of each weighted utility component, chosen action minus holding course. */
  readonly reasons?: Readonly<Record<Component, number>>;
  /** Runs: mean probability with which the logit choice picked it. */
  readonly meanProbability?: number;
}

export interface Explanation {
  readonly scenario: { readonly name: string; readonly description: string; readonly doctrine: string };
  readonly source: { readonly kind: 'run'; readonly seed: number } | { readonly kind: 'ensemble'; readonly seeds: number };
  readonly period: { readonly start: string; readonly end: string; readonly months: number };
  readonly headline: readonly HeadlineChange[];
  readonly events: readonly EventAccount[];
  readonly decomposition: {
    readonly method: string;
    /** The seeds whose counterfactual runs were averaged (one for a run). */
    readonly seeds: readonly number[];
    readonly attributions: readonly Attribution[];
  };
  readonly decisions: readonly DecisionAccount[];
  readonly notes: readonly string[];
}

/** What explain accounts for: a run or an ensemble (a sweep is many scenarios; explain its points' runs). */
export type ExplainedDocument = RunResult | EnsembleResult;

const describe = (name: string): string => indicatorSpec(name).description;

/** Builds the explanation of a run or an ensemble from its result and the decomposition of its seeds; every number is taken from these two. */
export function explainResult(doc: ExplainedDocument, decomposition: { seeds: readonly number[]; attributions: readonly Attribution[] }): Explanation {
  const months = doc.months;
  const H = months.length - 1;
  const notes: string[] = [];
  if (doc.kind === 'ensemble' && decomposition.seeds.length < doc.runs.completed) {
    notes.push(`The decomposition averages ${decomposition.seeds.length} of the ${doc.runs.completed} seeds (the first ones listed); the headline changes average all of them, so the two can differ a little.`);
  }
  if (doc.kind === 'ensemble') notes.push('An ensemble file keeps how often each action was chosen, not the reasons; explain one of its runs (run --keep-runs) for the reasons month by month.');
  if (doc.kind === 'ensemble' && doc.assumptions) notes.push(`Each run drew its ${doc.assumptions.factors.length} assumptions from their plausible ranges (${doc.assumptions.pairing}): the spread across runs, and the start values, come from the assumptions and from chance together; each decomposed seed was re-run with its own draw.`);
  return {
    scenario: { name: doc.scenario.name, description: doc.scenario.resolved.description.trim(), doctrine: doc.scenario.resolved.doctrine.preset },
    source: doc.kind === 'run' ? { kind: 'run', seed: doc.seed } : { kind: 'ensemble', seeds: doc.runs.completed },
    period: { start: months[0]!, end: months[H]!, months: H },
    headline: EXPLAINED_HEADLINE.map((indicator) => headlineOf(doc, indicator, H)),
    events: doc.kind === 'run' ? runEvents(doc) : ensembleEvents(doc),
    decomposition: {
      method: DECOMPOSITION_METHOD,
      seeds: [...decomposition.seeds],
      attributions: decomposition.attributions.map(roundAttribution),
    },
    decisions: doc.kind === 'run' ? runDecisions(doc) : ensembleDecisions(doc),
    notes,
  };
}

function headlineOf(doc: ExplainedDocument, indicator: string, H: number): HeadlineChange {
  if (doc.kind === 'run') {
    const s = doc.series[indicator]!;
    return { indicator, description: describe(indicator), start: s[0]!, final: s[H]!, change: roundValue(s[H]! - s[0]!) };
  }
  const s = doc.series[indicator]!;
  return {
    indicator,
    description: describe(indicator),
    start: s.mean[0]!,
    final: s.mean[H]!,
    change: roundValue(s.mean[H]! - s.mean[0]!),
    finalRange: { p5: s.p5[H]!, p95: s.p95[H]! },
  };
}

function roundAttribution(a: Attribution): Attribution {
  return {
    indicator: a.indicator,
    start: roundValue(a.start),
    final: roundValue(a.final),
    change: roundValue(a.change),
    parts: Object.fromEntries(POWERS.map((p) => [p, roundValue(a.parts[p])])) as Record<Power, number>,
    rest: roundValue(a.rest),
  };
}

/** A run's events, grouped by kind and actor in order of first occurrence; Kazakhstan's decisions are accounted separately. */
function runEvents(doc: RunResult): EventAccount[] {
  const groups = new Map<string, { kind: string; actor: string; months: string[]; details: string[]; why: string; count: number; firms: number }>();
  for (const e of doc.events) {
    if (e.kind === 'decision') continue;
    const key = e.actor === 'scenario' ? `${e.kind}/${e.detail}` : `${e.kind}/${e.actor}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind: e.kind, actor: e.actor, months: [], details: [], why: e.why.trim(), count: 0, firms: 0 }));
    g.count++;
    if (!g.months.includes(e.month)) g.months.push(e.month);
    if (!g.details.includes(e.detail) && e.actor === 'scenario') g.details.push(e.detail);
  }
  return [...groups.values()].map((g) => ({
    kind: g.kind,
    actor: g.actor,
    count: g.count,
    months: g.months,
    ...(g.details.length ? { details: g.details } : {}),
    ...(g.actor === 'scenario' ? { why: g.why } : {}),
  }));
}

function ensembleEvents(doc: EnsembleResult): EventAccount[] {
  return Object.entries(doc.events)
    .filter(([kind]) => !kind.startsWith('decision.'))
    .map(([kind, f]) => ({ kind, actor: kind.startsWith('event.') ? 'scenario' : kind === 'designations' ? 'US/EU' : kind === 'rhetoricShock' ? 'RU' : 'model', shareOfRuns: f.share, meanPerRun: f.meanFirings, medianFirstMonth: f.firstMonth.p50 }));
}

function runDecisions(doc: RunResult): DecisionAccount[] {
  return ACTIONS.flatMap((action) => {
    const taken = doc.events.filter((e) => e.kind === 'decision' && e.detail === action);
    if (!taken.length) return [];
    const mean = (key: string): number => roundValue(taken.reduce((s, e) => s + (e.data?.[key] ?? 0), 0) / taken.length);
    return [{
      action,
      count: taken.length,
      firstMonth: taken[0]!.month,
      meanProbability: mean('probability'),
      reasons: Object.fromEntries(COMPONENTS.map((c) => [c, mean(c)])) as Record<Component, number>,
    }];
  });
}

function ensembleDecisions(doc: EnsembleResult): DecisionAccount[] {
  return ACTIONS.flatMap((action) => {
    const f = doc.events[`decision.${action}`];
    return f ? [{ action, count: f.meanFirings, shareOfRuns: f.share, firstMonth: f.firstMonth.p50 }] : [];
  });
}
