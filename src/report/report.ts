import type { Explanation } from '../analysis/explain.js';
import type { ReportableDocument } from '../results/parseResult.js';
import type { RobustnessResult } from '../results/robustnessResult.js';
import type { SensitivityResult } from '../results/sensitivityResult.js';
import { designTable, discover } from '../analysis/discover.js';
import { parseClaim } from '../analysis/robustness.js';
import type { SweepResult } from '../results/sweepResult.js';
import { exposureTrendChart, tradeByPartnerChart, fanChart, FAN_INDICATORS, frontierCharts, gridHeatmaps, morrisChart, robustnessChart, sobolChart, sourcesChart, sweepLineCharts, type Chart, type Drawn } from './charts.js';
import { explanationHtml } from './explanationHtml.js';
import { anchor, escapeHtml, REPORT_CSS } from './html.js';
import { renderSvg } from './render.js';

/** One input of a report: a result, the name it is shown under, and (runs and ensembles) its explanation. */
export interface ReportInput {
  readonly label: string;
  readonly doc: ReportableDocument;
  readonly explanation?: Explanation;
}

/** A run or an ensemble: what can be drawn over time, and so what can serve as the baseline. */
export type BaselineInput = ReportInput & { readonly doc: Drawn['doc'] };

const short = (sha: string): string => sha.slice(0, 12);

function metaLine(doc: ReportableDocument): string {
  const what =
    doc.kind === 'run'
      ? `one run, seed ${doc.seed}`
      : doc.kind === 'ensemble'
        ? `ensemble of ${doc.runs.completed} seeds${doc.assumptions ? `, each drawing its ${doc.assumptions.factors.length} assumptions` : ''}`
        : doc.kind === 'sweep'
          ? `sweep of ${doc.points.length} points × ${doc.seeds.length} seeds`
          : doc.kind === 'sensitivity'
            ? `${doc.method.name === 'morris' ? 'Morris screening' : "Sobol' analysis"} of ${doc.factors.length} factors, ${doc.method.points} points × ${doc.seeds.length} seeds`
            : `robustness of ${doc.claims.length} claims over ${doc.factors.length} factors, ${doc.design.samples} points × ${doc.seeds.length} seeds`;
  return `${what}; ${doc.start} + ${doc.horizon} months; ${doc.firms} firms; mvsim ${doc.engine.version}; scenario ${short(doc.scenario.sha256)}…; calibration ${short(doc.calibration.sha256)}…`;
}

async function figure(chart: Chart, index: number): Promise<string> {
  const svg = await renderSvg(chart, `chart${index}`);
  return `<figure class="chart" data-chart="${escapeHtml(chart.id)}" role="group" aria-label="${escapeHtml(chart.title)}">${svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`;
}

/** Numbers the charts across one page, so that the ids inside their SVGs are unique on it. */
interface ChartCounter {
  n: number;
}

async function figures(charts: readonly Chart[], counter: ChartCounter): Promise<string> {
  const out: string[] = [];
  for (const c of charts) out.push(await figure(c, ++counter.n));
  return `<div class="charts">${out.join('\n')}</div>`;
}

/** "How sure are we": the robustness checks among the inputs that test this scenario against this baseline, one line per claim. */
function howSure(input: BaselineInput, baseline: BaselineInput | undefined, checks: readonly RobustnessResult[]): string {
  const against = baseline && baseline.label !== input.label ? baseline.doc.scenario.name : null;
  const mine = checks.filter((c) => c.scenario.name === input.doc.scenario.name && (c.against?.name ?? null) === against);
  if (!mine.length) {
    // a comparison without its check still says how to get one: the charts show chance (the seeds), not the assumptions
    return against === null
      ? ''
      : `<h3>How sure are we</h3><p class="note">Not checked here: the bands below show chance (the seeds) at the calibration's central values, not the uncertainty of its assumptions. To see in what share of the plausible assumptions a difference holds, run <code>mvsim robustness &lt;this scenario&gt; --against &lt;the baseline&gt; --claim "INDICATOR:final &gt; 0"</code> and add its result file to this report.</p>`;
  }
  const pct = (v: number): string => `${Number((100 * v).toPrecision(3))}%`;
  const items = mine.flatMap((c) => c.claims.map((k) => `<li>"${escapeHtml(k.claim)}" holds in ${pct(k.share)} of the plausible assumption space [${pct(k.low)}, ${pct(k.high)}] (${k.holds} of ${k.points} points${k.deciding[0] ? `; it turns most on ${escapeHtml(k.deciding[0].factor)}` : ''})</li>`));
  return `<h3>How sure are we</h3><p>Across the assumptions' plausible ranges (mvsim robustness, ${mine.map((c) => `${c.design.samples} points × ${c.seeds.length} seeds`).join('; ')}):</p><ul>${items.join('')}</ul>`;
}

async function resultSection(input: BaselineInput, baseline: BaselineInput | undefined, counter: ChartCounter, checks: readonly RobustnessResult[] = []): Promise<string> {
  const drawn: Drawn = { label: input.doc.scenario.name, doc: input.doc };
  const against = baseline && baseline.label !== input.label ? baseline : undefined;
  const comparable = against !== undefined && against.doc.months.join() === input.doc.months.join();
  const base: Drawn | undefined = comparable ? { label: `${against.doc.scenario.name} (baseline)`, doc: against.doc } : undefined;
  const fans = FAN_INDICATORS.map((ind) => fanChart(ind, drawn, base));
  const trends = [tradeByPartnerChart(drawn), exposureTrendChart(drawn)];
  const sources = input.explanation ? [...trends, sourcesChart(input.explanation.decomposition.attributions, input.explanation.decomposition.seeds.length)] : trends;
  const parts = [
    `<section id="${anchor(input.label)}"><h2>${escapeHtml(input.doc.scenario.name)}</h2>`,
    `<p class="meta">${escapeHtml(input.label)}: ${escapeHtml(metaLine(input.doc))}</p>`,
    input.doc.scenario.resolved.description ? `<p>${escapeHtml(input.doc.scenario.resolved.description.trim())}</p>` : '',
    howSure(input, baseline, checks),
    `<h3>Indicators over time${base ? ', against the baseline' : ''}</h3>`,
    against && !comparable ? `<p class="note">The baseline (${escapeHtml(against.label)}) covers other months, so it is not drawn here.</p>` : '',
    await figures(fans, counter),
    '<h3>Exposure by source</h3>',
    await figures(sources, counter),
    input.explanation ? `<h3>Explanation</h3>${explanationHtml(input.explanation)}` : '',
    '</section>',
  ];
  return parts.join('\n');
}

async function sweepSection(input: ReportInput, doc: SweepResult, counter: ChartCounter): Promise<string> {
  const charts = frontierCharts(doc);
  const heatmaps = gridHeatmaps(doc);
  const lines = sweepLineCharts(doc);
  const header = ['point', ...doc.design.vary.map((v) => v.path), ...doc.objectives.map((o) => `${o.indicator} (${o.direction})`)];
  const row = (p: SweepResult['points'][number]) => [String(p.index), ...doc.design.vary.map((v) => String(p.values[v.path])), ...doc.objectives.map((o) => String(Number(p.stats[o.indicator]!.mean.toPrecision(4))))];
  const tableOf = (rows: string[][]) => `<table><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const table = tableOf(doc.points.filter((p) => p.frontier).map(row));
  // every point, to look up a label of the frontier charts: folded until asked for
  const everyPoint = `<details class="points"><summary>All ${doc.points.length} points, with their values and objectives</summary>${tableOf(doc.points.map(row))}</details>`;
  const varied = doc.design.vary.map((v) => `${v.path} ${v.values ? `∈ {${v.values.join(', ')}}` : `in [${v.range![0]}, ${v.range![1]}]`}`).join('; ');
  const html = [
    `<section id="${anchor(input.label)}"><h2>Sweep: ${escapeHtml(doc.scenario.name)}</h2>`,
    `<p class="meta">${escapeHtml(input.label)}: ${escapeHtml(metaLine(doc))}</p>`,
    `<p>${doc.design.kind === 'grid' ? 'Grid' : `Latin hypercube (seed ${doc.design.sampleSeed})`} over ${escapeHtml(varied)}. At every point the same ${doc.seeds.length} seeds were run (common random numbers). ${doc.frontier.length} of ${doc.points.length} points are on the Pareto frontier.</p>`,
    '<h3>Frontier</h3>',
    await figures(charts, counter),
    heatmaps.length ? '<h3>Each objective across the grid</h3>' : '',
    heatmaps.length ? await figures(heatmaps, counter) : '',
    lines.length ? `<h3>Each objective against ${escapeHtml(doc.design.vary[0]!.path)}</h3>` : '',
    lines.length ? await figures(lines, counter) : '',
    '<h3>Points on the frontier</h3>',
    table,
    everyPoint,
    '</section>',
  ];
  return html.join('\n');
}

async function sensitivitySection(input: ReportInput, doc: SensitivityResult, counter: ChartCounter): Promise<string> {
  const what = doc.against ? `the effect of ${doc.scenario.name} against ${doc.against.name}` : doc.scenario.name;
  const charts = Object.entries(doc.outputs).map(([output, a], k) => (a.method === 'morris' ? morrisChart(output, a.factors, `morris-${k}`) : sobolChart(output, a.factors, `sobol-${k}`)));
  return [
    `<section id="${anchor(input.label)}"><h2>${doc.method.name === 'morris' ? 'Morris screening' : "Sobol' indices"}: ${escapeHtml(what)}</h2>`,
    `<p class="meta">${escapeHtml(input.label)}: ${escapeHtml(metaLine(doc))}</p>`,
    `<p>Which of the ${doc.factors.length} factors, varied over their plausible ranges, move ${escapeHtml(what)}: ${escapeHtml(doc.method.design)}; ${escapeHtml(doc.method.estimators)}. Every point ran the same ${doc.seeds.length} seeds; each output is ${escapeHtml(doc.method.output)}.</p>`,
    doc.notes.length ? `<p class="note">${doc.notes.map(escapeHtml).join('; ')}.</p>` : '',
    await figures(charts, counter),
    '</section>',
  ].join('\n');
}

async function robustnessSection(input: ReportInput, doc: RobustnessResult, counter: ChartCounter): Promise<string> {
  const what = doc.against ? `${doc.scenario.name} against ${doc.against.name}` : doc.scenario.name;
  const pct = (v: number): string => `${Number((100 * v).toPrecision(3))}%`;
  const table = designTable(doc);
  const rows = doc.claims.map((c, k) => {
    const claim = parseClaim(c.claim);
    const found = claim ? discover(table, claim, table.outputs.has(c.output) ? c.output : doc.samples.columns.outputs[k]!, { minCoverage: 0.5 }) : undefined;
    return `<tr><td>${escapeHtml(c.claim)}</td><td>${pct(c.share)} [${pct(c.low)}, ${pct(c.high)}]</td><td>${escapeHtml(c.deciding.slice(0, 3).map((d) => `${d.factor} (${d.holdsWhen})`).join(', ') || '—')}</td><td>${escapeHtml(found?.sentence ?? '')}</td></tr>`;
  });
  return [
    `<section id="${anchor(input.label)}"><h2>How sure are we: ${escapeHtml(what)}</h2>`,
    `<p class="meta">${escapeHtml(input.label)}: ${escapeHtml(metaLine(doc))}</p>`,
    `<p>${escapeHtml(doc.design.name)}; each claim judged ${escapeHtml(doc.design.output)}. Intervals: ${escapeHtml(doc.design.interval)}. Deciding: ${escapeHtml(doc.design.deciding)}; where: PRIM scenario discovery (mvsim discover) over the same points.</p>`,
    await figures([robustnessChart(doc.claims, 'robustness')], counter),
    `<table><thead><tr><th>claim</th><th>share of the plausible space</th><th>deciding assumptions (the side it holds on)</th><th>where it holds (PRIM)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

/** Builds the report: one section per input, every chart rendered to inline SVG, no scripts, nothing fetched. */
export async function buildReport(inputs: readonly ReportInput[], baseline: BaselineInput | undefined): Promise<string> {
  const counter: ChartCounter = { n: 0 };
  const sections: string[] = [];
  const checks = inputs.flatMap((i) => (i.doc.kind === 'robustness' ? [i.doc] : []));
  for (const input of inputs) {
    const doc = input.doc;
    if (doc.kind === 'sweep') sections.push(await sweepSection(input, doc, counter));
    else if (doc.kind === 'sensitivity') sections.push(await sensitivitySection(input, doc, counter));
    else if (doc.kind === 'robustness') sections.push(await robustnessSection(input, doc, counter));
    else sections.push(await resultSection({ ...input, doc }, baseline, counter, checks));
  }
  const heading = (d: ReportableDocument): string => (d.kind === 'sweep' ? `Sweep: ${d.scenario.name}` : d.kind === 'sensitivity' ? `Sensitivity: ${d.scenario.name}` : d.kind === 'robustness' ? `How sure are we: ${d.scenario.name}` : d.scenario.name);
  const toc = inputs.map((i) => `<li><a href="#${anchor(i.label)}">${escapeHtml(heading(i.doc))}</a> <span class="meta">${escapeHtml(i.label)}</span></li>`).join('\n');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="mvsim">
<title>mvsim report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>mvsim report</h1><p class="meta">Kazakhstan's multi-vector balancing: ${inputs.length} result${inputs.length === 1 ? '' : 's'}${baseline ? `, drawn against ${escapeHtml(baseline.label)}` : ''}. Charts: Vega-Lite, rendered to SVG when the report was written.</p></header>
<nav><ul>
${toc}
</ul></nav>
${sections.join('\n')}
</body>
</html>
`;
  return html;
}
