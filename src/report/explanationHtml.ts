import type { DecisionAccount, EventAccount, Explanation } from '../analysis/explain.js';
import { fix, percent, POWER_NAMES, rankedReasons, signed } from '../analysis/explainText.js';
import { POWERS } from '../model/ids.js';
import { escapeHtml } from './html.js';

/** Scenario texts are YAML block scalars: their line breaks are layout, not meaning. */
const prose = (s: string): string => escapeHtml(s.replace(/\s+/g, ' ').trim());

/** A cell is text (left-aligned, wraps) or a number (right-aligned, never wraps). */
interface Cell {
  readonly html: string;
  readonly text?: boolean;
  readonly span?: number;
}
/** A number cell from plain text, escaped here. */
const numberCell = (s: string): Cell => ({ html: escapeHtml(s) });
/** A text cell from HTML its caller has escaped (it may hold <code>). */
const htmlCell = (html: string): Cell => ({ html, text: true });

/** One table; `text` marks the columns that hold words rather than numbers. */
function table(head: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const cell = (tag: 'th' | 'td', c: Cell): string => `<${tag}${c.text ? ' class="text"' : ''}${c.span ? ` colspan="${c.span}"` : ''}>${c.html}</${tag}>`;
  return `<table class="explain"><thead><tr>${head.map((c) => cell('th', c)).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('')}</tbody></table>`;
}

/**
 * Seeds as a reader scans them: consecutive runs compressed to ranges ("1–20", "1–3, 7, 9–10").
 *
 * @example
 * ```ts
 * seedRanges([1, 2, 3, 7, 9, 10]); // "1–3, 7, 9–10"
 * ```
 */
export function seedRanges(seeds: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    out.push(j === i ? String(seeds[i]) : `${seeds[i]}–${seeds[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** What each table covers, said once in the opening and again in the decomposition's lead. */
interface Coverage {
  /** The seeds of the headline, events and decisions, as a phrase. */
  readonly all: string;
  /** The seeds of the decomposition, as a phrase. */
  readonly decomposed: string;
  /** The decomposition covers fewer seeds than the rest. */
  readonly fewer: boolean;
}

function coverage(x: Explanation): Coverage {
  const d = x.decomposition.seeds;
  if (x.source.kind === 'run') return { all: `this one run (seed ${x.source.seed})`, decomposed: `this run (seed ${x.source.seed})`, fewer: false };
  const n = x.source.seeds;
  const list = d.length === 1 ? `seed ${d[0]}` : `seeds ${seedRanges(d)}`;
  const fewer = d.length < n;
  // explainResult decomposes the first seeds listed in the ensemble, so "the first" is what happened, not a guess
  const decomposed = fewer ? `the first ${d.length} of the ${n} seeds (${list})` : `all ${n} seeds (${list})`;
  return { all: `all ${n} seeds`, decomposed, fewer };
}

function opening(x: Explanation, c: Coverage): string {
  const what = x.source.kind === 'run' ? `one run with seed ${x.source.seed}` : `an ensemble of ${x.source.seeds} runs`;
  const lead = `<p>This explains <strong>${escapeHtml(x.scenario.name)}</strong>: ${what}, from ${escapeHtml(x.period.start)} to ${escapeHtml(x.period.end)} (${x.period.months} months), with Kazakhstan following the <em>${escapeHtml(x.scenario.doctrine)}</em> doctrine.</p>`;
  const seeds = x.source.kind === 'run' || !c.fewer
    ? `<p>Every table below covers ${c.decomposed}.</p>`
    : `<p>“What changed”, “What happened” and “What Kazakhstan decided” cover ${c.all}; “Who moved the exposures” covers only ${c.decomposed}.</p>`;
  return lead + seeds;
}

function changed(x: Explanation, c: Coverage): string {
  const ensemble = x.source.kind === 'ensemble';
  const head = [htmlCell('Indicator'), htmlCell('Meaning'), numberCell('Start'), numberCell('Final'), numberCell('Change'), ...(ensemble ? [numberCell('Final, 5–95% of seeds')] : [])];
  const rows = x.headline.map((h) => [
    htmlCell(`<code>${escapeHtml(h.indicator)}</code>`),
    htmlCell(escapeHtml(h.description)),
    numberCell(fix(h.start)),
    numberCell(fix(h.final)),
    numberCell(signed(h.change)),
    ...(h.finalRange ? [numberCell(`${fix(h.finalRange.p5)} to ${fix(h.finalRange.p95)}`)] : []),
  ]);
  const lead = x.source.kind === 'ensemble'
    ? `Means over all ${x.source.seeds} seeds, from ${x.period.start} to ${x.period.end}; the last column is the spread of the final month across the seeds.`
    : `The values of ${c.all}, from ${x.period.start} to ${x.period.end}.`;
  return `<h4>What changed</h4><p>${escapeHtml(lead)}</p>${table(head, rows)}`;
}

function happened(x: Explanation): string {
  if (!x.events.length) return `<h4>What happened</h4><p>Nothing beyond the powers’ standing rules and Kazakhstan’s monthly decisions.</p>`;
  if (x.source.kind === 'ensemble') {
    const rows = x.events.map((e) => [
      htmlCell(`<code>${escapeHtml(e.kind)}</code>`),
      htmlCell(escapeHtml(e.actor)),
      numberCell(percent(e.shareOfRuns ?? 0)),
      numberCell(fix(e.meanPerRun ?? 0, 2)),
      numberCell(e.medianFirstMonth ?? ''),
    ]);
    return `<h4>What happened</h4><p>Over all ${x.source.seeds} seeds: in what share of runs each event happened, how often per run on average, and when first (median over the runs it happened in).</p>${table([htmlCell('Event'), htmlCell('Actor'), numberCell('Share of runs'), numberCell('Times per run'), numberCell('First month (median)')], rows)}`;
  }
  const rows = x.events.map((e) => [numberCell(when(e)), numberCell(String(e.count ?? '')), htmlCell(escapeHtml(e.actor)), htmlCell(eventWhat(e)), htmlCell(e.why ? prose(e.why) : '')]);
  return `<h4>What happened</h4><p>Everything that happened besides Kazakhstan’s own decisions, in order of first occurrence; for a scenario event, why the scenario has it happen.</p>${table([numberCell('When'), numberCell('Times'), htmlCell('Actor'), htmlCell('Event'), htmlCell('Why')], rows)}`;
}

const when = (e: EventAccount): string => {
  const m = e.months ?? [];
  return m.length > 1 ? `${m[0]} to ${m[m.length - 1]}` : (m[0] ?? '');
};

const eventWhat = (e: EventAccount): string => (e.details?.length ? e.details.map(prose).join('; ') : `<code>${escapeHtml(e.kind)}</code>`);

function moved(x: Explanation, c: Coverage): string {
  const d = x.decomposition;
  if (!d.attributions.length) return '<h4>Who moved the exposures</h4><p>Nothing was decomposed.</p>';
  const method = `<p>Each indicator’s change from the start to the final month is split by source: ${d.seeds.length > 1 ? 'each seed’s run was' : 'the run was'} repeated with each combination of the four powers’ levers held at their start values, a power’s part is what releasing its levers changed (averaged over the orders in which the powers could be released), and “everything else” is the change with all four held; the parts add up to the change.</p>`;
  const cover = x.source.kind === 'run'
    ? 'This table covers the same run as “What changed”, so their changes agree.'
    : c.fewer
      ? `This table covers ${c.decomposed}: its Change column is ${d.seeds.length === 1 ? 'that seed’s change' : `the mean over those ${d.seeds.length} seeds`} and so can differ from “What changed” (all ${x.source.seeds} seeds) by seed sampling.`
      : `This table covers ${c.decomposed}, the same seeds as “What changed”, so their changes agree.`;
  const head = [htmlCell('Indicator'), numberCell('Change'), ...POWERS.map((p) => numberCell(POWER_NAMES[p]!)), numberCell('Everything else')];
  const rows = d.attributions.map((a) => [htmlCell(`<code>${escapeHtml(a.indicator)}</code>`), numberCell(signed(a.change)), ...POWERS.map((p) => numberCell(signed(a.parts[p]))), numberCell(signed(a.rest))]);
  return `<h4>Who moved the exposures</h4><p>${escapeHtml(cover)}</p>${method}${table(head, rows)}<p class="method">Method: ${escapeHtml(d.method)}</p>`;
}

function decided(x: Explanation): string {
  if (x.source.kind === 'ensemble') {
    const rows = x.decisions.map((d) => [htmlCell(`<code>${escapeHtml(d.action)}</code>`), numberCell(fix(d.count, 2)), numberCell(percent(d.shareOfRuns ?? 0)), numberCell(d.firstMonth ?? '')]);
    return `<h4>What Kazakhstan decided, and why</h4><p>Over all ${x.source.seeds} seeds: how many months per run Kazakhstan took each action on average, in what share of runs at least once, and when first (median over the runs that took it).</p>${table([htmlCell('Action'), numberCell('Months per run'), numberCell('Share of runs'), numberCell('First month (median)')], rows)}`;
  }
  const months = x.period.months;
  const rows = x.decisions.map((d) => [htmlCell(`<code>${escapeHtml(d.action)}</code>`), numberCell(`${d.count} of ${months}`), numberCell(d.firstMonth ?? ''), numberCell(fix(d.meanProbability ?? 0, 3)), ...reasons(d)]);
  const head = [htmlCell('Action'), numberCell('Months chosen'), numberCell('First month'), numberCell('Mean probability'), htmlCell('Gained'), htmlCell('Gave up')];
  return `<h4>What Kazakhstan decided, and why</h4><p>Each month Kazakhstan chose one action by a logit choice over its forecast utility. The reasons are the weighted utility components of the action minus those of holding course, averaged over the months it was chosen: what it gained, largest first, and what it gave up.</p>${table(head, rows)}`;
}

/** A run's reasons for an action: every component it gained and gave up against holding course (the text shows the two largest of each). */
function reasons(d: DecisionAccount): Cell[] {
  if (!d.reasons) return [htmlCell(''), htmlCell('')];
  const { gained, gaveUp } = rankedReasons(d.reasons);
  const list = (xs: readonly (readonly [string, number])[]): string => xs.map(([k, v]) => `${escapeHtml(k)} ${signed(v)}`).join(', ');
  if (!gained.length && !gaveUp.length) return [{ html: 'no component differed from holding course', text: true, span: 2 }];
  return [htmlCell(gained.length ? list(gained) : 'nothing'), htmlCell(gaveUp.length ? list(gaveUp) : 'nothing')];
}

/**
 * The explanation as HTML for the report: prose that says what the page covers, and
 * tables of what changed, what happened, who moved the exposures and what Kazakhstan
 * decided. Shares are percentages; values are to four decimals as in `explanationText`,
 * and every number is taken from the explanation. Each table says which seeds it
 * covers, and the decomposition shows changes only, so one indicator never has two
 * different final values on the page.
 */
export function explanationHtml(x: Explanation): string {
  const c = coverage(x);
  const notes = x.notes.length ? `<h4>Notes</h4><ul class="notes">${x.notes.map((n) => `<li>${prose(n)}</li>`).join('')}</ul>` : '';
  return `<div class="explanation">${opening(x, c)}${changed(x, c)}${happened(x)}${moved(x, c)}${decided(x)}${notes}</div>`;
}
