import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Explanation } from '../src/analysis/explain.js';
import { fix, percent as pct, signed, TEXT_DECIMALS } from '../src/analysis/explainText.js';
import { explanationHtml, seedRanges } from '../src/report/explanationHtml.js';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

const FIRMS = '300';

/** Text of an HTML fragment as a reader sees it: inline tags dropped, the others a space, the entities escapeHtml writes decoded. */
const textOf = (html: string): string => html.replace(/<\/?(?:strong|em|code)>/g, '').replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

interface Table {
  readonly head: string[];
  readonly rows: string[][];
}

/** The explanation's tables, each cell as text. */
function tablesOf(html: string): Table[] {
  return [...html.matchAll(/<table class="explain">(.*?)<\/table>/g)].map(([, t]) => {
    const cells = (row: string, tag: string) => [...row.matchAll(new RegExp(`<${tag}[^>]*>(.*?)</${tag}>`, 'g'))].map((c) => textOf(c[1]!).trim());
    const [head, ...rows] = t!.split('<tr>').slice(1);
    return { head: cells(head!, 'th'), rows: rows.map((r) => cells(r, 'td')) };
  });
}

const tableWith = (html: string, column: string): Table => {
  const t = tablesOf(html).find((x) => x.head.includes(column));
  if (!t) throw new Error(`No table has a column ${column}`);
  return t;
};

/** The paragraph after a subsection's heading that says what it covers. */
const leadOf = (html: string, heading: string): string => textOf(html.match(new RegExp(`<h4>${heading}</h4><p>(.*?)</p>`))![1]!);

/**
 * Every number the page may show: each value of the explanation at the precisions the
 * text shows, as a percentage when it is a share, the numbers inside its strings, and
 * the counts of its lists (how many seeds were decomposed).
 */
function allowedNumbers(x: unknown, into = new Set<string>()): Set<string> {
  if (typeof x === 'number') {
    into.add(String(x));
    into.add(pct(x).slice(0, -1));
    for (let d = 0; d <= TEXT_DECIMALS; d++) into.add(x.toFixed(d).replace(/^-/, ''));
  } else if (typeof x === 'string') for (const m of x.match(/\d+(?:\.\d+)?/g) ?? []) into.add(m);
  else if (Array.isArray(x)) {
    into.add(String(x.length));
    x.forEach((v) => allowedNumbers(v, into));
  } else if (x && typeof x === 'object') Object.values(x).forEach((v) => allowedNumbers(v, into));
  return into;
}

/** The numbers a reader sees; months ("2022-03") are dates, and "5–95%" names the percentiles of a column. */
const numbersIn = (html: string): string[] => textOf(html).replace(/\b\d{4}-\d{2}\b/g, ' ').replace('5–95%', ' ').match(/(?<![\w.])\d+(?:\.\d+)?/g) ?? [];

describe('explanationHtml', () => {
  const dir = tempDir();
  let ens: Explanation;
  let ensAll: Explanation;
  let run: Explanation;
  const explain = async (args: string[]): Promise<Explanation> => {
    const r = await cli(['explain', ...args, '--json'], dir);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as Explanation;
  };
  beforeAll(async () => {
    const coercion = join(SCENARIOS, 'russian-coercion-north.yaml');
    expect((await cli(['run', coercion, '--seeds', '1..4', '--firms', FIRMS, '--out', 'ens.json', '--quiet'], dir)).code).toBe(0);
    expect((await cli(['run', coercion, '--seed', '2', '--firms', FIRMS, '--out', 'run.json'], dir)).code).toBe(0);
    ens = await explain(['ens.json', '--decompose-seeds', '2']);
    ensAll = await explain(['ens.json', '--decompose-seeds', '4']);
    run = await explain(['run.json']);
  }, 60_000);

  it('shows an ensemble as prose and tables, with shares as percentages', () => {
    const html = explanationHtml(ens);
    expect(html).not.toMatch(/<pre/);
    expect(textOf(html)).toMatch(/This explains russian-coercion-north: an ensemble of 4 runs, from 2022-03 to 2025-03 \(36 months\), with Kazakhstan following the balanced doctrine\./);
    expect(tablesOf(html).map((t) => t.head)).toEqual([
      ['Indicator', 'Meaning', 'Start', 'Final', 'Change', 'Final, 5–95% of seeds'],
      ['Event', 'Actor', 'Share of runs', 'Times per run', 'First month (median)'],
      ['Indicator', 'Change', 'Russia', 'China', 'the EU', 'the US', 'Everything else'],
      ['Action', 'Months per run', 'Share of runs', 'First month (median)'],
    ]);
    expect(leadOf(html, 'What changed')).toMatch(/^Means over all 4 seeds/);

    // shares of runs as percentages, none as a fraction "in 1.000 of runs"
    expect(textOf(html)).not.toMatch(/\d\.\d+ of runs/);
    const events = tableWith(html, 'Times per run');
    expect(events.rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual(ens.events.map((e) => [e.kind, pct(e.shareOfRuns!), fix(e.meanPerRun!, 2), e.medianFirstMonth]));
    expect(events.rows.every((r) => /^\d+(\.\d+)?%$/.test(r[2]!))).toBe(true);
    const decisions = tableWith(html, 'Months per run');
    expect(decisions.rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual(ens.decisions.map((d) => [d.action, fix(d.count, 2), pct(d.shareOfRuns!), d.firstMonth]));

    expect(html).toMatch(/<h4>Notes<\/h4><ul class="notes"><li>The decomposition averages 2 of the 4 seeds/);
  });

  it('gives each indicator one final value: the decomposition shows changes only', () => {
    const html = explanationHtml(ens);
    const finals = new Map<string, Set<string>>();
    for (const t of tablesOf(html)) {
      const col = t.head.indexOf('Final');
      if (col < 0) continue;
      for (const r of t.rows) finals.set(r[0]!, (finals.get(r[0]!) ?? new Set()).add(r[col]!));
    }
    expect([...finals.values()].every((s) => s.size === 1)).toBe(true);
    expect(finals.size).toBe(ens.headline.length);
    const moved = tableWith(html, 'Everything else');
    expect(moved.head).not.toContain('Start');
    expect(moved.head).not.toContain('Final');
    // the rows are the attributions' changes and parts, to four decimals
    expect(moved.rows).toEqual(ens.decomposition.attributions.map((a) => [a.indicator, signed(a.change), signed(a.parts.RU), signed(a.parts.CN), signed(a.parts.EU), signed(a.parts.US), signed(a.rest)]));
    const changed = tableWith(html, 'Meaning');
    expect(changed.rows.map((r) => r.slice(0, 6))).toEqual(ens.headline.map((h) => [h.indicator, h.description, fix(h.start), fix(h.final), signed(h.change), `${fix(h.finalRange!.p5)} to ${fix(h.finalRange!.p95)}`]));
  });

  it('says which seeds the decomposition covers, and whether that is all of them', () => {
    const some = explanationHtml(ens);
    expect(ens.decomposition.seeds).toEqual([1, 2]);
    expect(leadOf(some, 'Who moved the exposures')).toBe('This table covers the first 2 of the 4 seeds (seeds 1–2): its Change column is the mean over those 2 seeds and so can differ from “What changed” (all 4 seeds) by seed sampling.');
    expect(textOf(some)).toContain('“What changed”, “What happened” and “What Kazakhstan decided” cover all 4 seeds; “Who moved the exposures” covers only the first 2 of the 4 seeds (seeds 1–2).');

    const all = explanationHtml(ensAll);
    expect(leadOf(all, 'Who moved the exposures')).toBe('This table covers all 4 seeds (seeds 1–4), the same seeds as “What changed”, so their changes agree.');
    expect(textOf(all)).toContain('Every table below covers all 4 seeds (seeds 1–4).');
    // and they do: an indicator in both tables has one change on the page
    const headline = new Map(ensAll.headline.map((h) => [h.indicator, signed(h.change)]));
    const shared = ensAll.decomposition.attributions.filter((a) => headline.has(a.indicator));
    expect(shared.length).toBeGreaterThan(5);
    for (const a of shared) expect(signed(a.change), a.indicator).toBe(headline.get(a.indicator));
  });

  it('shows a run with its events, their reasons, and the weighted reasons for each action', () => {
    const html = explanationHtml(run);
    expect(textOf(html)).toContain('one run with seed 2');
    expect(textOf(html)).toContain('Every table below covers this run (seed 2).');
    expect(leadOf(html, 'Who moved the exposures')).toBe('This table covers the same run as “What changed”, so their changes agree.');
    expect(tableWith(html, 'Meaning').head).toEqual(['Indicator', 'Meaning', 'Start', 'Final', 'Change']);

    const events = tableWith(html, 'Why');
    expect(events.head).toEqual(['When', 'Times', 'Actor', 'Event', 'Why']);
    const scenario = run.events.filter((e) => e.actor === 'scenario');
    expect(scenario.length).toBeGreaterThan(0);
    for (const e of scenario) {
      const row = events.rows.find((r) => r[3] === e.details!.join('; ').replace(/\s+/g, ' '))!;
      expect(row.slice(0, 3)).toEqual([e.months!.length > 1 ? `${e.months![0]} to ${e.months!.at(-1)}` : e.months![0], String(e.count), 'scenario']);
      expect(row[4]).toBe(e.why!.replace(/\s+/g, ' ').trim());
    }

    const decisions = tableWith(html, 'Mean probability');
    expect(decisions.head).toEqual(['Action', 'Months chosen', 'First month', 'Mean probability', 'Gained', 'Gave up']);
    for (const d of run.decisions) {
      const row = decisions.rows.find((r) => r[0] === d.action)!;
      expect(row.slice(0, 4)).toEqual([d.action, `${d.count} of ${run.period.months}`, d.firstMonth, fix(d.meanProbability!, 3)]);
      const shown = Object.entries(d.reasons!).filter(([, v]) => Number(v.toFixed(TEXT_DECIMALS)) !== 0);
      // every component that moved is named with its value, under what was gained or given up
      for (const [k, v] of shown) expect(row[v > 0 ? 4 : 5]).toContain(`${k} ${signed(v)}`);
      if (!shown.length) expect(row[4]).toBe('no component differed from holding course');
    }
  });

  it('prints only numbers that are in the explanation data', () => {
    for (const x of [ens, ensAll, run]) {
      const allowed = allowedNumbers(x);
      expect(numbersIn(explanationHtml(x)).filter((n) => !allowed.has(n))).toEqual([]);
    }
  });

  it('escapes the texts it is given', () => {
    // the scenario's name and a note (the description is printed by the report above the explanation, not in it)
    const x = { ...ens, scenario: { ...ens.scenario, name: 'Tariffs <script>alert(1)</script> & "quotes"' }, notes: ['a <b>note</b>'] };
    const html = explanationHtml(x);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Tariffs &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('<li>a &lt;b&gt;note&lt;/b&gt;</li>');
    // a scenario event's text and reason come from the scenario file too
    const e = run.events.find((x) => x.actor === 'scenario')!;
    const withEvent = explanationHtml({ ...run, events: [{ ...e, details: ['a <i>cut</i>'], why: 'since <b>"x" & y</b>' }] });
    expect(withEvent).not.toMatch(/<i>|<b>/);
    expect(withEvent).toContain('a &lt;i&gt;cut&lt;/i&gt;');
    expect(withEvent).toContain('since &lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;');
  });

  it('is what the report shows under Explanation, in place of the monospace text', async () => {
    const r = await cli(['report', 'ens.json', '--decompose-seeds', '2', '--out', 'report.html'], dir);
    expect(r.code).toBe(0);
    const report = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(report).not.toContain('<pre class="explanation">');
    expect(report).toContain(`<h3>Explanation</h3>${explanationHtml(ens)}`);
  }, 30_000);
});

describe('percent', () => {
  it('prints shares to three significant digits, and a share short of all never as all', () => {
    expect([1, 0.375, 0.5, 0.0004, 0].map(pct)).toEqual(['100%', '37.5%', '50%', '0.04%', '0%']);
    expect(pct(1999 / 2000)).toBe('99.95%');
    expect(pct(99_999 / 100_000)).toBe('99.999%');
  });
});

describe('seedRanges', () => {
  it('compresses consecutive seeds to ranges', () => {
    expect(seedRanges([1, 2, 3, 7, 9, 10])).toBe('1–3, 7, 9–10');
    expect(seedRanges(Array.from({ length: 20 }, (_, i) => i + 1))).toBe('1–20');
    expect(seedRanges([5])).toBe('5');
    expect(seedRanges([])).toBe('');
  });
});
