import { POWERS } from '../model/ids.js';
import { COMPONENTS, type Component } from '../model/kazakhstan.js';
import type { Attribution } from './decompose.js';
import type { Explanation } from './explain.js';

/** Decimal places of values and changes in the text; the JSON keeps twelve significant digits. */
export const TEXT_DECIMALS = 4;

/** A value to `d` decimals, never "-0.0000": how the explanation shows a number in text and in the report. */
export const fix = (v: number, d: number = TEXT_DECIMALS): string => (Object.is(Number(v.toFixed(d)), -0) ? (0).toFixed(d) : v.toFixed(d));
/** A change to `d` decimals with its sign ("+0.0554", "-0.0616", "0.0000"). */
export const signed = (v: number, d: number = TEXT_DECIMALS): string => (Number(v.toFixed(d)) > 0 ? `+${fix(v, d)}` : fix(v, d));

/**
 * A share as a percentage to three significant digits ("100%", "37.5%"): how the
 * explanation and the report print shares of runs. A share short of all is never shown
 * as all: 1,999 of 2,000 is "99.95%", not "100%".
 */
export function percent(v: number): string {
  for (let digits = 3; digits < 12; digits++) {
    const shown = Number((100 * v).toPrecision(digits));
    if (v >= 1 || shown < 100) return `${shown}%`;
  }
  return `${100 * v}%`;
}

/** The powers as a sentence names them. */
export const POWER_NAMES: Readonly<Record<string, string>> = { RU: 'Russia', CN: 'China', EU: 'the EU', US: 'the US' };

/** One sentence: which sources moved an indicator, largest first, and by how much. */
export function attributionSentence(a: Attribution): string {
  const shown = Number(a.change.toFixed(TEXT_DECIMALS));
  const verb = shown > 0 ? 'rose' : shown < 0 ? 'fell' : 'was unchanged';
  const parts = POWERS.map((p) => `${POWER_NAMES[p]} ${signed(a.parts[p])}`).join(', ');
  const biggest = [...POWERS].sort((x, y) => Math.abs(a.parts[y]) - Math.abs(a.parts[x]) || (x < y ? -1 : 1))[0]!;
  const lead = Math.abs(a.parts[biggest]) >= Math.abs(a.rest) ? `; the largest part is ${POWER_NAMES[biggest]}'s` : '; more of it came from everything else than from any one power';
  const move = verb === 'was unchanged' ? `stayed at ${fix(a.final)} (${signed(a.change)})` : `${verb} from ${fix(a.start)} to ${fix(a.final)} (${signed(a.change)})`;
  return `${a.indicator} ${move}: ${parts}, everything else ${signed(a.rest)}${lead}.`;
}

/** The explanation as plain text for a terminal or a report; it prints only numbers found in the explanation's data. */
export function explanationText(x: Explanation): string {
  const out: string[] = [];
  const src = x.source.kind === 'run' ? `one run, seed ${x.source.seed}` : `an ensemble of ${x.source.seeds} runs (means across seeds)`;
  out.push(`${x.scenario.name}: ${src}, ${x.period.start} to ${x.period.end} (${x.period.months} months), doctrine ${x.scenario.doctrine}.`);
  if (x.scenario.description) out.push(x.scenario.description.replace(/\s+/g, ' '));
  out.push('', 'What changed');
  for (const h of x.headline) {
    const range = h.finalRange ? `; final p5 to p95 across runs: ${fix(h.finalRange.p5)} to ${fix(h.finalRange.p95)}` : '';
    out.push(`  ${h.indicator}: ${fix(h.start)} -> ${fix(h.final)} (${signed(h.change)})${range}. ${h.description}.`);
  }
  out.push('', 'What happened');
  if (!x.events.length) out.push('  Nothing beyond the powers\' standing rules and Kazakhstan\'s monthly decisions.');
  for (const e of x.events) out.push(`  ${eventLine(e)}`);
  out.push('', 'Who moved the exposures');
  const seeds = x.decomposition.seeds;
  out.push(`  Method: ${x.decomposition.method}${seeds.length > 1 ? ` Averaged over seeds ${seeds.join(', ')}.` : ''}`);
  for (const a of x.decomposition.attributions) out.push(`  ${attributionSentence(a)}`);
  out.push('', 'What Kazakhstan decided, and why');
  for (const d of x.decisions) out.push(`  ${decisionLine(d, x)}`);
  if (x.notes.length) out.push('', 'Notes', ...x.notes.map((n) => `  ${n}`));
  return `${out.join('\n')}\n`;
}

function eventLine(e: Explanation['events'][number]): string {
  if (e.shareOfRuns !== undefined) {
    return `${e.actor} ${e.kind}: in ${percent(e.shareOfRuns)} of runs, ${fix(e.meanPerRun ?? 0, 2)} times per run on average, first in ${e.medianFirstMonth} (median).`;
  }
  const months = e.months ?? [];
  const when = months.length === 1 ? `in ${months[0]}` : `in ${months.length} months, first ${months[0]}, last ${months[months.length - 1]}`;
  if (e.actor === 'scenario') return `${months[0]} (scenario) ${(e.details ?? []).join('; ')}${months.length > 1 ? ` [fired ${when}]` : ''}. Why: ${(e.why ?? '').replace(/\s+/g, ' ')}`;
  return `${e.actor} ${e.kind}: ${e.count} times, ${when}.`;
}

/**
 * A decision's reasons against holding course: the components it gained, largest first,
 * and those it gave up, largest loss first; a component that rounds to zero at the
 * text's precision is no reason at all.
 */
export function rankedReasons(reasons: Readonly<Record<Component, number>>): { gained: [Component, number][]; gaveUp: [Component, number][] } {
  const shown = COMPONENTS.map((c) => [c, reasons[c]] as [Component, number]).filter(([, v]) => Number(v.toFixed(TEXT_DECIMALS)) !== 0);
  return { gained: shown.filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]), gaveUp: shown.filter(([, v]) => v < 0).sort((a, b) => a[1] - b[1]) };
}

function decisionLine(d: Explanation['decisions'][number], x: Explanation): string {
  if (d.shareOfRuns !== undefined) return `${d.action}: ${fix(d.count, 2)} months per run on average, in ${percent(d.shareOfRuns)} of runs, first in ${d.firstMonth} (median).`;
  const head = `${d.action}: ${d.count} of ${x.period.months} months, first in ${d.firstMonth}, chosen with mean probability ${fix(d.meanProbability ?? 0, 3)}`;
  if (!d.reasons) return `${head}.`;
  const ranked = rankedReasons(d.reasons);
  const pros = ranked.gained.slice(0, 2);
  const cons = ranked.gaveUp.slice(0, 2);
  if (!pros.length && !cons.length) return `${head}; no component differed from holding course.`;
  const list = (xs: readonly (readonly [string, number])[]) => xs.map(([c, v]) => `${c} ${signed(v)}`).join(', ');
  return `${head}. Against holding course it gained ${pros.length ? list(pros) : 'nothing'}${cons.length ? ` and gave up ${list(cons)}` : ''} (weighted utility, mean over those months).`;
}
