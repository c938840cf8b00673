import type { TopLevelSpec } from 'vega-lite';
import type { Attribution } from '../analysis/decompose.js';
import { PARTNERS, POWERS } from '../model/ids.js';
import { indicatorSpec } from '../model/indicators.js';
import { isExactQuantiles } from '../analysis/cellQuantiles.js';
import type { EnsembleResult } from '../results/ensembleResult.js';
import type { RunResult } from '../results/runResult.js';
import type { SweepResult } from '../results/sweepResult.js';

/**
 * The name of a layer of point labels: the renderer places them with Vega's label
 * transform (no label over another or over a dot; ones that do not fit are left out,
 * lowest `priority` placed first), which Vega-Lite does not offer.
 */
export const POINT_LABELS = 'pointLabels';

/** A chart for the report: a title for people, and the Vega-Lite spec that draws it. */
export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/** The indicators drawn as fan charts for every run and ensemble. */
export const FAN_INDICATORS: readonly string[] = [
  'security.exposure',
  'sanctions.exposure',
  'trade.exports.RU',
  'trade.imports.RU',
  'trade.oilExportVolume',
  'sanctions.greyTrade',
  'economy.gdpIndex',
  'stability.index',
  'kz.balanceIndex',
];

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const SOURCE_COLOURS = { RU: '#c0392b', CN: '#d4a000', EU: '#1f4e9c', US: '#2a9d8f', ROW: '#9a9a9a', 'everything else': '#9a9a9a' } as const;
const SCENARIO_COLOUR = '#1f4e9c';
const BASELINE_COLOUR = '#8c8c8c';
const FONT = 'Helvetica, Arial, sans-serif';

/** Chart styling shared by every spec, so the report looks like one document. */
/**
 * Type of 15 px and more at the charts' own size, which is about the width they are
 * drawn at two to a row on a 1,024-px screen (the page scales them to its width), so a
 * class can read a projected report from the back row.
 * Legends show thick strokes, not pale dots.
 */
const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 15, titleFontSize: 16, grid: true, gridColor: '#e6e6e6', labelLimit: 320 },
  legend: { labelFontSize: 15, titleFontSize: 16, orient: 'bottom', direction: 'vertical', labelLimit: 480, symbolType: 'stroke', symbolStrokeWidth: 4, symbolOpacity: 1, symbolSize: 300 },
  title: { fontSize: 19, subtitleFontSize: 15, anchor: 'start' },
  text: { fontSize: 15 },
  header: { labelFontSize: 16, titleFontSize: 16 },
} as const;

/** A fan chart's size, and that of the other time charts (px, before the page scales them). */
const TIME_WIDTH = 440;
/** Charts with a two-line y-axis title are narrower, to be drawn at the same size. */
const SCATTER_WIDTH = 380;
const TIME_HEIGHT = 240;

/** The first day of a "YYYY-MM" month, which Vega reads as UTC midnight. */
const day = (month: string): string => `${month}-01`;
const describe = (name: string): string => indicatorSpec(name).description;
/** An indicator's unit, for its axis title. */
const unitOf = (name: string): string => indicatorSpec(name).unit;
/** A value in a hover label: four significant digits, as the tables print. */
const shown = (v: number): string => String(Number(v.toPrecision(4)));

/** A subtitle in lines of at most `width` characters, so a long description does not widen (and so shrink) its chart. */
function wrapped(text: string, width = 46): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A result drawn in a fan chart: its label and its kind of data. */
export interface Drawn {
  readonly label: string;
  readonly doc: RunResult | EnsembleResult;
}

/** One row per month and result: the median (or the run's value) and the two quantile bands. */
function fanRows(indicator: string, drawn: Drawn): Record<string, string | number>[] {
  const { doc, label } = drawn;
  return doc.months.map((month, k) => {
    if (doc.kind === 'run') {
      const v = doc.series[indicator]![k]!;
      return { month: day(month), series: label, p5: v, p25: v, p50: v, p75: v, p95: v };
    }
    const s = doc.series[indicator]!;
    return { month: day(month), series: label, p5: s.p5[k]!, p25: s.p25[k]!, p50: s.p50[k]!, p75: s.p75[k]!, p95: s.p95[k]! };
  });
}

/**
 * A fan chart of one indicator over time: the median with the 25–75% and 5–95% bands
 * across seeds (a single line for one run), and, when given, the baseline drawn the
 * same way in grey.
 */
export function fanChart(indicator: string, scenario: Drawn, baseline?: Drawn): Chart {
  const values = [...(baseline ? fanRows(indicator, baseline) : []), ...fanRows(indicator, scenario)];
  const events = eventMonths(scenario.doc);
  const domain = baseline ? [scenario.label, baseline.label] : [scenario.label];
  const range = baseline ? [SCENARIO_COLOUR, BASELINE_COLOUR] : [SCENARIO_COLOUR];
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: unitOf(indicator), scale: { zero: false } });
  const bands = scenario.doc.kind === 'ensemble' || baseline?.doc.kind === 'ensemble';
  return {
    id: `fan-${indicator}`,
    title: indicator,
    caption: `${describe(indicator)}. ${bands ? `Line: median across seeds; bands: 25–75% and 5–95% of seeds (${quantileNote(scenario, baseline)}).` : 'One run.'}${baseline ? ` Grey, dashed on top: ${baseline.label}.` : ''}${events.length ? ' Dotted verticals: the scenario\'s events, by the month they start.' : ''}`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: TIME_WIDTH,
      height: TIME_HEIGHT,
      title: { text: indicator, subtitle: wrapped(describe(indicator)) },
      data: { values },
      encoding: {
        x: { field: 'month', type: 'temporal', scale: { type: 'utc' }, axis: { format: '%Y-%m', title: null, labelAngle: 0, tickCount: 6 } },
        color: { field: 'series', type: 'nominal', scale: { domain, range }, legend: baseline ? { title: null } : null },
      },
      layer: [
        { mark: { type: 'area', opacity: 0.15 }, encoding: { y: y('p5'), y2: { field: 'p95' } } },
        { mark: { type: 'area', opacity: 0.3 }, encoding: { y: y('p25'), y2: { field: 'p75' } } },
        { mark: { type: 'line', strokeWidth: 2.5 }, encoding: { y: y('p50') } },
        // the baseline's median again, dashed, above the scenario's bands: visible where they overlap
        ...(baseline ? [{ transform: [{ filter: { field: 'series', equal: baseline.label } }], mark: { type: 'line' as const, strokeWidth: 2.5, strokeDash: [7, 4] }, encoding: { y: y('p50') } }] : []),
        ...eventLayers(events),
      ],
    } as TopLevelSpec,
  };
}

/**
 * How the drawn quantiles were computed, from the files themselves: exact for every
 * ensemble that fits in memory, else a sketch accurate to 0.5%, whose steps can show on
 * a narrow axis (the caption says so rather than let a class read them as behaviour).
 */
function quantileNote(...drawn: (Drawn | undefined)[]): string {
  const ensembles = drawn.flatMap((d) => (d?.doc.kind === 'ensemble' ? [{ label: d.label, doc: d.doc, exact: isExactQuantiles(d.doc.method.quantiles) }] : []));
  const sketched = "quantiles from the ensemble's sketch, to within 0.5%: on a narrow axis the lines can move in small steps";
  if (ensembles.every((e) => !e.exact)) return sketched;
  if (ensembles.every((e) => e.exact)) {
    const counts = new Set(ensembles.map((e) => e.doc.runs.completed));
    return `exact quantiles of ${counts.size === 1 ? `the ${ensembles[0]!.doc.runs.completed} seeds${ensembles.length > 1 ? ' of each' : ''}` : ensembles.map((e) => `the ${e.doc.runs.completed} seeds of ${e.label}`).join(' and ')}`;
  }
  return ensembles.map((e) => `${e.label}: ${e.exact ? `exact quantiles of its ${e.doc.runs.completed} seeds` : "quantiles from its sketch, to within 0.5%"}`).join('; ');
}

/** The scenario's events with a fixed start month (`at`, or `from`), in order of first appearance, one entry per month: what a time axis marks. */
function eventMonths(doc: RunResult | EnsembleResult): { month: string; event: string }[] {
  const events = (doc.scenario.resolved.events ?? []) as readonly { id?: string; type: string; at?: string; from?: string }[];
  // events that start in the same month share one rule and one label: two labels on one rule would be printed over each other
  const byMonth = new Map<string, string[]>();
  for (const e of events) {
    const month = e.at ?? e.from;
    if (!month || !doc.months.includes(month)) continue;
    const names = byMonth.get(month) ?? [];
    names.push(e.id ?? e.type);
    byMonth.set(month, names);
  }
  return [...byMonth].map(([month, names]) => ({ month: day(month), event: names.join(', ') }));
}

/** A dotted vertical rule at each event's month, with its name along it. */
function eventLayers(events: readonly { month: string; event: string }[]) {
  if (!events.length) return [];
  const data = { values: events };
  const x = { field: 'month', type: 'temporal' as const };
  return [
    { data, mark: { type: 'rule' as const, color: '#555555', strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { x, color: { value: '#555555' } } },
    { data, mark: { type: 'text' as const, angle: 270, align: 'right' as const, baseline: 'bottom' as const, dx: -4, dy: -3, y: 0, fontSize: 13, color: '#444444' }, encoding: { x, text: { field: 'event' }, color: { value: '#444444' } } },
  ];
}

/** Trade exposure to each power over time (the mean across seeds for an ensemble). */
export function exposureTrendChart(drawn: Drawn): Chart {
  const { doc } = drawn;
  const values = POWERS.flatMap((p) => {
    const name = `trade.exposure.${p}`;
    return doc.months.map((month, k) => ({ month: day(month), power: p, value: doc.kind === 'run' ? doc.series[name]![k]! : doc.series[name]!.mean[k]! }));
  });
  return {
    id: 'exposure-trend',
    title: 'Trade exposure by power',
    caption: `Dependence on each power: share of trade turnover and of oil transit, weighted${doc.kind === 'ensemble' ? '; mean across seeds' : ''}.`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: TIME_WIDTH,
      height: TIME_HEIGHT,
      title: { text: 'Trade exposure by power', subtitle: 'trade share and transit, weighted' },
      data: { values },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: { field: 'month', type: 'temporal', scale: { type: 'utc' }, axis: { format: '%Y-%m', title: null, labelAngle: 0, tickCount: 4 } },
        y: { field: 'value', type: 'quantitative', title: unitOf('trade.exposure.RU') },
        color: { field: 'power', type: 'nominal', scale: { domain: [...POWERS], range: POWERS.map((p) => SOURCE_COLOURS[p]) }, legend: { title: null } },
      },
    },
  };
}

/**
 * Trade by partner over time, exports and imports side by side, in USD bn a year (the
 * mean across seeds for an ensemble): how trade reallocates among the powers.
 */
export function tradeByPartnerChart(drawn: Drawn): Chart {
  const { doc } = drawn;
  const values = (['exports', 'imports'] as const).flatMap((flow) =>
    PARTNERS.flatMap((p) => {
      const name = `trade.${flow}.${p}`;
      return doc.months.map((month, k) => ({ month: day(month), flow, partner: p, value: doc.kind === 'run' ? doc.series[name]![k]! : doc.series[name]!.mean[k]! }));
    }),
  );
  return {
    id: 'trade-by-partner',
    title: 'Trade by partner',
    caption: `Exports (oil by destination, non-oil, and grey re-exports to Russia) and imports by partner, USD bn a year at the monthly rate${doc.kind === 'ensemble' ? '; mean across seeds' : ''}.`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      title: { text: 'Trade by partner', subtitle: 'USD bn a year' },
      data: { values },
      facet: { column: { field: 'flow', type: 'nominal', title: null, sort: ['exports', 'imports'] } },
      spec: {
        // two panels side by side in the width of one time chart, so the page scales them no further than it
        width: 230,
        height: TIME_HEIGHT,
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'month', type: 'temporal', scale: { type: 'utc' }, axis: { format: '%Y-%m', title: null, labelAngle: 0, tickCount: 4 } },
          y: { field: 'value', type: 'quantitative', title: 'USD bn a year' },
          color: { field: 'partner', type: 'nominal', scale: { domain: [...PARTNERS], range: PARTNERS.map((p) => SOURCE_COLOURS[p]) }, legend: { title: null } },
        },
      },
    } as TopLevelSpec,
  };
}

/** The decomposition as diverging stacked bars: each power's part and everything else, with the total change marked. */
export function sourcesChart(attributions: readonly Attribution[], seeds: number): Chart {
  const sources = [...POWERS, 'everything else'] as const;
  const values = attributions.flatMap((a) => [
    ...POWERS.map((p) => ({ indicator: a.indicator, source: p, value: a.parts[p] })),
    { indicator: a.indicator, source: 'everything else', value: a.rest },
  ]);
  const totals = attributions.map((a) => ({ indicator: a.indicator, change: a.change }));
  const order = attributions.map((a) => a.indicator);
  return {
    id: 'sources',
    title: 'Who moved what',
    caption: `Change from the start to the final month, split by source (Shapley decomposition over counterfactual runs with powers' levers held at their start values${seeds > 1 ? `; mean over ${seeds} seeds` : ''}). Black tick: the total change. The parts add up to it.`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: 300,
      title: { text: 'Who moved what', subtitle: 'change from start to final month, by source' },
      layer: [
        {
          data: { values },
          mark: { type: 'bar', height: 14 },
          encoding: {
            y: { field: 'indicator', type: 'nominal', sort: order, title: null },
            x: { field: 'value', type: 'quantitative', stack: 'zero', title: 'change, in each indicator\'s own unit' },
            color: { field: 'source', type: 'nominal', scale: { domain: [...sources], range: sources.map((s) => SOURCE_COLOURS[s]) }, legend: { title: null } },
            order: { field: 'source', sort: 'ascending' },
          },
        },
        {
          data: { values: totals },
          mark: { type: 'tick', color: 'black', thickness: 2, size: 18 },
          encoding: { y: { field: 'indicator', type: 'nominal', sort: order }, x: { field: 'change', type: 'quantitative' } },
        },
      ],
      height: { step: 22 },
    } as TopLevelSpec,
  };
}

const directionWord = (d: 'max' | 'min'): string => (d === 'max' ? 'higher is better' : 'lower is better');
const capitalised = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** What hovering over a sweep point shows: its index, where it is, and its objectives' means. */
function pointLabel(sweep: SweepResult, p: SweepResult['points'][number]): string {
  const at = sweep.design.vary.map((v) => `${v.path} = ${p.values[v.path]}`).join(', ');
  const objectives = sweep.objectives.map((o) => `${o.indicator} ${shown(p.stats[o.indicator]!.mean)}`).join(', ');
  return `Point ${p.index} (${p.frontier ? 'on the frontier' : 'dominated'}): ${at}; mean over seeds: ${objectives}`;
}

/**
 * The sweep's points on two objectives (their means across seeds), frontier points
 * in colour and labelled with their index; with exactly two objectives the frontier
 * is joined by a line.
 */
export function frontierChart(sweep: SweepResult, xi: number, yi: number): Chart {
  const ox = sweep.objectives[xi]!;
  const oy = sweep.objectives[yi]!;
  const values = sweep.points
    .filter((p) => p.completed > 0)
    .map((p) => ({
      point: p.index,
      x: p.stats[ox.indicator]!.mean,
      y: p.stats[oy.indicator]!.mean,
      status: p.frontier ? 'on the frontier' : 'dominated',
      label: pointLabel(sweep, p),
      priority: p.frontier ? 0 : 1,
    }));
  const frontier = values.filter((v) => v.status === 'on the frontier');
  // the unit and the direction on lines of their own: one long rotated title would be taller than the plot
  const axis = (o: { indicator: string; direction: 'max' | 'min' }) => ({ title: [o.indicator, unitOf(o.indicator), `(${directionWord(o.direction)})`] });
  const layers: unknown[] = [
    {
      data: { values },
      mark: { type: 'point', filled: true, size: 60 },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: { zero: false }, axis: axis(ox) },
        y: { field: 'y', type: 'quantitative', scale: { zero: false }, axis: axis(oy) },
        color: { field: 'status', type: 'nominal', scale: { domain: ['on the frontier', 'dominated'], range: ['#c0392b', '#8a8a8a'] }, legend: { title: null, symbolType: 'circle', symbolSize: 150 } },
        description: { field: 'label' },
      },
    },
    {
      // every point's index where it fits beside its dot without covering another label or dot (frontier
      // points first; render.ts places them), the dominated ones in grey; hovering and the table of all points give the rest
      name: POINT_LABELS,
      data: { values },
      mark: { type: 'text', fontSize: 13 },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
        text: { field: 'point', type: 'nominal' },
        color: { field: 'status', type: 'nominal' },
      },
    },
  ];
  if (sweep.objectives.length === 2) {
    layers.splice(1, 0, {
      data: { values: frontier },
      mark: { type: 'line', color: '#c0392b', strokeWidth: 1, strokeDash: [4, 3] },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, order: { field: 'x', type: 'quantitative' } },
    });
  }
  return {
    id: `frontier-${xi}-${yi}`,
    title: `${ox.indicator} against ${oy.indicator}`,
    caption: `Each dot is one point of the sweep (${sweep.statistic} value, mean over ${sweep.seeds.length} seeds). Red: on the Pareto frontier of ${sweep.objectives.map((o) => `${o.indicator} (${directionWord(o.direction)})`).join(', ')}; grey: dominated. Numbers are point indices, shown where they fit (frontier points first): hover over any point for its values, or see the table of all points below.`,
    spec: { $schema: SCHEMA, config: CONFIG, width: SCATTER_WIDTH, height: TIME_HEIGHT, title: { text: 'Sweep frontier', subtitle: `${ox.indicator} against ${oy.indicator}` }, layer: layers } as TopLevelSpec,
  };
}

/**
 * For a sweep over one path: each objective against the swept value, the mean over
 * seeds as a line with the 5–95% spread of the seeds as a band, frontier points in
 * red. A one-parameter sweep asks "how does the outcome move with this value?", which
 * a frontier does not show.
 */
export function sweepLineCharts(sweep: SweepResult): Chart[] {
  const [v] = sweep.design.vary;
  if (sweep.design.vary.length !== 1 || !v) return [];
  return sweep.objectives.map((o, k) => {
    const values = sweep.points
      .filter((p) => p.completed > 0)
      .map((p) => {
        const s = p.stats[o.indicator]!;
        return { at: p.values[v.path]!, mean: s.mean, p5: s.p5, p95: s.p95, point: p.index, status: p.frontier ? 'on the frontier' : 'dominated', label: pointLabel(sweep, p) };
      });
    const x = { field: 'at', type: 'quantitative' as const, title: v.path, scale: { zero: false } };
    return {
      id: `sweep-line-${k}`,
      title: `${o.indicator} against ${v.path}`,
      caption: `${o.indicator} (${sweep.statistic} value) at each value of ${v.path}: line, the mean over ${sweep.seeds.length} seeds; band, 5–95% of them. ${capitalised(directionWord(o.direction))}; red dots: on the Pareto frontier of the sweep's objectives. Hover over a dot for its point's values.`,
      spec: {
        $schema: SCHEMA,
        config: CONFIG,
        width: SCATTER_WIDTH,
        height: TIME_HEIGHT,
        title: { text: o.indicator, subtitle: `against ${v.path} (${directionWord(o.direction)})` },
        data: { values },
        layer: [
          { mark: { type: 'area', opacity: 0.2, color: SCENARIO_COLOUR }, encoding: { x, y: { field: 'p5', type: 'quantitative', title: [o.indicator, unitOf(o.indicator)], scale: { zero: false } }, y2: { field: 'p95' } } },
          { mark: { type: 'line', strokeWidth: 2.5, color: SCENARIO_COLOUR }, encoding: { x, y: { field: 'mean', type: 'quantitative' } } },
          {
            mark: { type: 'point', filled: true, size: 80 },
            encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: { field: 'status', type: 'nominal', scale: { domain: ['on the frontier', 'dominated'], range: ['#c0392b', '#8a8a8a'] }, legend: { title: null, symbolType: 'circle', symbolSize: 150 } }, description: { field: 'label' } },
          },
        ],
      } as TopLevelSpec,
    };
  });
}

/**
 * For a grid over exactly two paths: one heatmap per objective, the mean over seeds
 * in each cell, frontier points outlined. It shows where in the doctrine space each
 * outcome is good, which the frontier alone does not.
 */
export function gridHeatmaps(sweep: SweepResult): Chart[] {
  const [a, b] = sweep.design.vary;
  if (sweep.design.kind !== 'grid' || sweep.design.vary.length !== 2 || !a || !b) return [];
  return sweep.objectives.map((o, k) => {
    const values = sweep.points
      .filter((p) => p.completed > 0)
      .map((p) => ({ a: p.values[a.path]!, b: p.values[b.path]!, value: p.stats[o.indicator]!.mean, frontier: p.frontier ? 'on the frontier' : 'dominated' }));
    return {
      id: `grid-${k}`,
      title: o.indicator,
      caption: `${o.indicator} (${sweep.statistic} value, mean over ${sweep.seeds.length} seeds) at each point of the grid; ${directionWord(o.direction)}, so darker is better. Outlined in red: on the Pareto frontier.`,
      spec: {
        $schema: SCHEMA,
        config: { ...CONFIG, axis: { ...CONFIG.axis, grid: false } },
        // tall enough for a parameter path as the rotated y title
        width: 260,
        height: 230,
        title: { text: o.indicator, subtitle: `${unitOf(o.indicator)}; ${directionWord(o.direction)}` },
        data: { values },
        encoding: {
          x: { field: 'a', type: 'ordinal', title: a.path, axis: { labelAngle: 0 } },
          y: { field: 'b', type: 'ordinal', title: b.path, sort: 'descending' },
        },
        layer: [
          {
            mark: { type: 'rect' },
            encoding: { color: { field: 'value', type: 'quantitative', title: null, scale: { scheme: o.direction === 'max' ? 'blues' : 'oranges', reverse: o.direction === 'min' }, legend: { orient: 'right' } } },
          },
          {
            transform: [{ filter: "datum.frontier === 'on the frontier'" }],
            mark: { type: 'rect', fill: null, stroke: '#c0392b', strokeWidth: 2 },
          },
        ],
      } as TopLevelSpec,
    };
  });
}

/** One frontier chart per pair of objectives (at most six). */
export function frontierCharts(sweep: SweepResult): Chart[] {
  const k = sweep.objectives.length;
  const charts: Chart[] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) if (charts.length < 6) charts.push(frontierChart(sweep, i, j));
  return charts;
}

/** Morris μ* against σ for one output: the factors that matter sit right, those acting through interactions or non-linearity high. The top ones are named. */
export function morrisChart(output: string, rows: readonly { factor: string; muStar: number; sigma: number }[], id: string): Chart {
  const ranked = [...rows].sort((a, b) => b.muStar - a.muStar || (a.factor < b.factor ? -1 : 1));
  const named = new Set(ranked.slice(0, 8).map((r) => r.factor));
  const values = rows.map((r) => ({ factor: r.factor, muStar: r.muStar, sigma: r.sigma, top: named.has(r.factor) ? 'among the 8 largest μ*' : 'other', label: `${r.factor}: μ* ${shown(r.muStar)}, σ ${shown(r.sigma)}` }));
  return {
    id,
    title: `Morris screening of ${output}`,
    caption: `Each dot is one factor: μ*, the mean absolute change of ${output} when the factor moves across its whole range, against σ, the spread of those changes (large when it acts through interactions or non-linearly). The eight largest μ* are named; hover over any dot for its factor.`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: 360,
      height: 260,
      title: { text: 'Morris μ* and σ', subtitle: output },
      layer: [
        {
          data: { values },
          mark: { type: 'point', filled: true, size: 50 },
          encoding: {
            x: { field: 'muStar', type: 'quantitative', axis: { title: 'μ* (mean absolute elementary effect)' } },
            y: { field: 'sigma', type: 'quantitative', axis: { title: 'σ (sd of the effects)' } },
            color: { field: 'top', type: 'nominal', scale: { domain: ['among the 8 largest μ*', 'other'], range: [SCENARIO_COLOUR, '#b8b8b8'] }, legend: { title: null } },
            description: { field: 'label' },
          },
        },
        {
          data: { values: values.filter((v) => v.top !== 'other') },
          mark: { type: 'text', dx: 6, dy: -6, fontSize: 13, align: 'left' },
          encoding: { x: { field: 'muStar', type: 'quantitative' }, y: { field: 'sigma', type: 'quantitative' }, text: { field: 'factor', type: 'nominal' } },
        },
      ],
    } as TopLevelSpec,
  };
}

/** Sobol' first- and total-order indices of one output with their bootstrap intervals, the largest total first (at most 15 factors). */
export function sobolChart(output: string, rows: readonly { factor: string; first: number; firstLow: number; firstHigh: number; total: number; totalLow: number; totalHigh: number }[], id: string): Chart {
  const top = [...rows].sort((a, b) => b.total - a.total || (a.factor < b.factor ? -1 : 1)).slice(0, 15);
  const order = top.map((r) => r.factor);
  const values = top.flatMap((r) => [
    { factor: r.factor, index: 'first order (alone)', value: r.first, low: r.firstLow, high: r.firstHigh },
    { factor: r.factor, index: 'total (with interactions)', value: r.total, low: r.totalLow, high: r.totalHigh },
  ]);
  const colours = { domain: ['first order (alone)', 'total (with interactions)'], range: ['#9ab7dd', SCENARIO_COLOUR] };
  return {
    id,
    title: `Sobol' indices of ${output}`,
    caption: `The share of the variance of ${output} over the plausible ranges that each factor explains alone (first order) and with its interactions (total), with 95% bootstrap intervals; the ${top.length} factors with the largest total index.`,
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: 360,
      height: { step: 10 },
      title: { text: "Sobol' indices", subtitle: output },
      data: { values },
      encoding: {
        y: { field: 'factor', type: 'nominal', sort: order, axis: { title: null } },
        yOffset: { field: 'index', type: 'nominal', sort: colours.domain },
        color: { field: 'index', type: 'nominal', scale: colours, legend: { title: null } },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { x: { field: 'value', type: 'quantitative', axis: { title: 'share of variance' } } } },
        { mark: { type: 'rule', color: '#333333' }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
      ],
    } as TopLevelSpec,
  };
}

/** Robustness: the share of the plausible space in which each claim holds, with its interval. */
export function robustnessChart(claims: readonly { claim: string; share: number; low: number; high: number }[], id: string): Chart {
  const values = claims.map((c) => ({ claim: c.claim, share: c.share, low: c.low, high: c.high }));
  return {
    id,
    title: 'How much of the plausible space supports each claim',
    caption: 'The share of the sampled assumption space (a Latin hypercube over the plausible ranges) in which each claim holds, with its 95% Wilson interval.',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      width: 360,
      height: { step: 22 },
      title: { text: 'Robustness of the claims', subtitle: 'share of the plausible assumption space' },
      data: { values },
      encoding: { y: { field: 'claim', type: 'nominal', sort: null, axis: { title: null, labelLimit: 320 } } },
      layer: [
        { mark: { type: 'bar', color: SCENARIO_COLOUR }, encoding: { x: { field: 'share', type: 'quantitative', scale: { domain: [0, 1] }, axis: { title: 'share of points where it holds', format: '%' } } } },
        { mark: { type: 'rule', color: '#333333' }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
      ],
    } as TopLevelSpec,
  };
}
