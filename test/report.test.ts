import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { FAN_INDICATORS, fanChart, frontierChart, type Drawn } from '../src/report/charts.js';
import { placePointLabels } from '../src/report/render.js';
import type { EnsembleResult } from '../src/results/ensembleResult.js';
import type { SweepResult } from '../src/results/sweepResult.js';
import { itemTextWidth } from '../src/report/textWidth.js';
import { cli, ROOT, SCENARIOS, tempDir } from './_helpers.js';

const FIRMS = '300';
/** Debian's Chromium, which .ci/run installs; Playwright's own browser download is never used. */
export const CHROMIUM = '/usr/bin/chromium';

describe('mvsim report', () => {
  const dir = tempDir();
  let html: string;
  beforeAll(async () => {
    const steps = [
      ['run', join(SCENARIOS, 'baseline-2022.yaml'), '--seeds', '1..6', '--firms', FIRMS, '--out', 'base.json', '--quiet'],
      ['run', join(SCENARIOS, 'pipeline-disruption.yaml'), '--seeds', '1..6', '--firms', FIRMS, '--out', 'pipe.json', '--quiet'],
      ['run', join(SCENARIOS, 'russian-coercion-north.yaml'), '--seed', '2', '--firms', FIRMS, '--out', 'run.json'],
      ['sweep', join(SCENARIOS, 'baseline-2022.yaml'), '--vary', 'doctrine.concentration=0,1,2', '--vary', 'doctrine.sanctionsSafety=0.5,1.5', '--seeds', '1..2', '--firms', FIRMS, '--out', 'sweep.json', '--quiet'],
      ['report', 'pipe.json', 'run.json', 'sweep.json', 'base.json', '--decompose-seeds', '2', '--out', 'report.html'],
      // the other chart kinds, small: a Morris screening, Sobol' indices and a robustness check
      ['sensitivity', join(SCENARIOS, 'baseline-2022.yaml'), '--group', 'grey', '--trajectories', '2', '--seeds', '1', '--firms', FIRMS, '--quiet', '--out', 'morris.json'],
      ['sensitivity', join(SCENARIOS, 'baseline-2022.yaml'), '--method', 'sobol', '--params', 'grey.margin', '--params', 'trade.bankFriction', '--samples', '8', '--resamples', '100', '--seeds', '1', '--firms', FIRMS, '--quiet', '--out', 'sobol.json'],
      ['robustness', join(SCENARIOS, 'secondary-sanctions-strict.yaml'), '--against', join(SCENARIOS, 'baseline-2022.yaml'), '--group', 'grey', '--claim', 'economy.gdpIndex:final < 0', '--samples', '10', '--seeds', '1', '--firms', FIRMS, '--quiet', '--out', 'robust.json'],
      ['sweep', join(SCENARIOS, 'baseline-2022.yaml'), '--vary', 'doctrine.sanctionsSafety=0:2:3', '--seeds', '1..2', '--firms', FIRMS, '--out', 'one.json', '--quiet'],
      ['report', 'morris.json', 'sobol.json', 'robust.json', 'one.json', '--out', 'analyses.html'],
    ];
    for (const s of steps) {
      const r = await cli(s, dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  }, 120_000);

  it('is one self-contained file: inline SVG charts, no scripts, nothing to fetch', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    // url(…) only for gradients within the same SVG, each id defined once on the page.
    expect(html.match(/url\([^#]/g)).toBeNull();
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref[1]);
    // The only URLs are SVG's XML namespaces, which are names, not requests.
    const urls = (html.match(/https?:\/\/[^\s"')<]+/g) ?? []).filter((u) => !/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/.test(u));
    expect(urls).toEqual([]);
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
  });

  it('has fan charts, exposure by source and the explanation for each run and ensemble, and the frontier and grid heatmaps for the sweep', () => {
    const charts = [...html.matchAll(/<figure class="chart" data-chart="([^"]+)"[^>]*><svg /g)].map((m) => m[1]);
    const perResult = [...FAN_INDICATORS.map((i) => `fan-${i}`), 'trade-by-partner', 'exposure-trend', 'sources'];
    expect(charts).toEqual([...perResult, ...perResult, 'frontier-0-1', 'frontier-0-2', 'frontier-1-2', 'grid-0', 'grid-1', 'grid-2', ...perResult]);
    expect(html.match(/<h3>Explanation<\/h3><div class="explanation">/g)).toHaveLength(3);
    // Scenario against baseline: the first input's fan charts carry the baseline, named in their legend.
    expect(html).toContain('Grey, dashed on top: baseline-2022 (baseline).');
    // the bands are exact quantiles (the ensembles are small enough to keep every value), and the caption says so
    expect(html).toContain('bands: 25–75% and 5–95% of seeds (exact quantiles of the 6 seeds of each).');
    expect(html).toContain('Points on the frontier');
  });

  it('a one-parameter sweep gets each objective against the swept value, and every point is listed on demand', async () => {
    const r = await cli(['report', 'one.json', '--out', 'one.html'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const page = readFileSync(join(dir, 'one.html'), 'utf8');
    const charts = [...page.matchAll(/<figure class="chart" data-chart="([^"]+)"/g)].map((m) => m[1]);
    expect(charts).toEqual(['frontier-0-1', 'frontier-0-2', 'frontier-1-2', 'sweep-line-0', 'sweep-line-1', 'sweep-line-2']);
    expect(page).toContain('<h3>Each objective against doctrine.sanctionsSafety</h3>');
    const details = /<details class="points"><summary>All 3 points, with their values and objectives<\/summary>(.*?)<\/details>/s.exec(page);
    expect(details).not.toBeNull();
    expect(details![1]!.match(/<tr><td>/g)).toHaveLength(3);
    // hovering over a point shows its values: a <title> in the point, for every point of every frontier and line chart
    const hover = [...page.matchAll(/aria-roledescription="point"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]!);
    expect(hover).toHaveLength(3 * 6);
    expect(hover.some((h) => /^Point 2 \((on the frontier|dominated)\): doctrine\.sanctionsSafety = 2; mean over seeds: economy\.gdpIndex [0-9.]+, security\.exposure [0-9.]+, sanctions\.exposure [0-9.]+$/.test(h))).toBe(true);
  });

  it("places a frontier's point labels with Vega's label transform, clear of the dots", () => {
    const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepResult;
    const spec = compile(frontierChart(sweep, 0, 1).spec).spec as { marks: { name?: string; transform?: { type: string; offset: number[] }[] }[] };
    expect(placePointLabels(spec)).toBe(true);
    const labels = spec.marks.find((m) => m.name === 'pointLabels_marks')!;
    expect(labels.transform).toEqual([expect.objectContaining({ type: 'label', offset: [7] })]);
    // a chart without point labels is left as it is
    const fan = compile(fanChart('economy.gdpIndex', { label: 'x', doc: JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as EnsembleResult }).spec).spec;
    expect(placePointLabels(fan)).toBe(false);
  });

  it("fan captions say how the quantiles were computed, and events of one month share one label", () => {
    const base = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as EnsembleResult;
    const pipe = JSON.parse(readFileSync(join(dir, 'pipe.json'), 'utf8')) as EnsembleResult;
    const sketched = (d: EnsembleResult): EnsembleResult => ({ ...d, method: { ...d.method, quantiles: 'DDSketch (LogCollapsingLowestDense), …' } });
    const caption = (a: EnsembleResult, b: EnsembleResult): string => fanChart('economy.gdpIndex', { label: 'pipe', doc: a }, { label: 'base (baseline)', doc: b }).caption;
    expect(caption(pipe, base)).toContain('(exact quantiles of the 6 seeds of each)');
    expect(caption(sketched(pipe), sketched(base))).toContain("(quantiles from the ensemble's sketch, to within 0.5%: on a narrow axis the lines can move in small steps)");
    expect(caption(pipe, sketched(base))).toContain('(pipe: exact quantiles of its 6 seeds; base (baseline): quantiles from its sketch, to within 0.5%)');
    const events = [{ id: 'us-strict', type: 'enforcement', from: '2022-06' }, { id: 'eu-strict', type: 'enforcement', at: '2022-06' }, { type: 'oilPrice', at: '2022-09' }];
    const drawn: Drawn = { label: 'pipe', doc: { ...pipe, scenario: { ...pipe.scenario, resolved: { ...pipe.scenario.resolved, events } } } as unknown as EnsembleResult };
    const layers = (fanChart('economy.gdpIndex', drawn).spec as { layer: { data?: { values: unknown[] } }[] }).layer;
    expect(layers.find((l) => l.data)!.data!.values).toEqual([{ month: '2022-06-01', event: 'us-strict, eu-strict' }, { month: '2022-09-01', event: 'oilPrice' }]);
  });

  it('titles the y axes with their units', () => {
    // a fan chart's axis title is its indicator's unit; the first result is an ensemble of the CPC outage
    const axisTitles = (chart: string): string[] => {
      const figure = new RegExp(`<figure class="chart" data-chart="${chart.replace(/\./g, '\\.')}"(.*?)</figure>`, 's').exec(html)![1]!;
      // each title is a <text>, its lines <tspan>s
      const titles = [...figure.matchAll(/role-axis-title"[^>]*>(.*?)<\/g>/gs)].flatMap((m) => [...m[1]!.matchAll(/<text[^>]*>(.*?)<\/text>/gs)].map((t) => t[1]!));
      return titles.flatMap((t) => (t.includes('<tspan') ? [...t.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((l) => l[1]!) : [t])).filter((t) => t.trim());
    };
    expect(axisTitles('fan-trade.exports.RU')).toEqual(['USD bn a year']);
    expect(axisTitles('fan-trade.oilExportVolume')).toEqual(['Mt a month']);
    expect(axisTitles('fan-economy.gdpIndex')).toEqual(['index, start = 1']);
    expect(axisTitles('fan-security.exposure')).toEqual(['risk index (0–1)']);
    expect(axisTitles('exposure-trend')).toEqual(['index (0–1)']);
    expect(axisTitles('frontier-0-1')).toEqual(['economy.gdpIndex', 'index, start = 1', '(higher is better)', 'security.exposure', 'risk index (0–1)', '(lower is better)']);
  });

  it('is deterministic: the same inputs give the same bytes', async () => {
    const again = await cli(['report', 'pipe.json', 'run.json', 'sweep.json', 'base.json', '--decompose-seeds', '2', '--out', 'again.html'], dir);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'again.html'), 'utf8')).toBe(html);
  });

  it('does not depend on the time zone of the machine that writes it', () => {
    const write = (tz: string, out: string) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'bin.js'), 'report', 'run.json', '--out', out], { cwd: dir, env: { ...process.env, TZ: tz }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(dir, out), 'utf8');
    };
    expect(write('Pacific/Kiritimati', 'east.html')).toBe(write('America/Los_Angeles', 'west.html'));
  }, 60_000);

  it('refuses to overwrite, to write a non-HTML file, and a broken input, writing nothing', async () => {
    const exists = await cli(['report', 'run.json', '--out', 'report.html'], dir);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/already exists/);
    const notHtml = await cli(['report', 'run.json', '--out', 'report.json'], dir);
    expect(notHtml.code).toBe(2);
    expect(notHtml.stderr).toMatch(/a report is an HTML file/);
    writeFileSync(join(dir, 'broken.json'), '{\n "kind": "run",\n "seed": 1,,\n}\n');
    const broken = await cli(['report', 'broken.json', '--out', 'broken.html'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken.json:3:12: error JSON_SYNTAX/);
    expect(existsSync(join(dir, 'broken.html'))).toBe(false);
    // Node 20 gives no position for some syntax errors; the location is found all the same.
    writeFileSync(join(dir, 'token.json'), '{"kind": "run",\n "seed": }');
    const token = await cli(['report', 'token.json', '--out', 'token.html'], dir);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/^token.json:2:10: error JSON_SYNTAX at \(document\): Not valid JSON: Unexpected token '}'\n/);
  });

  describe('in headless Chromium', () => {
    const available = existsSync(CHROMIUM);
    if (!available && process.env['CI']) throw new Error(`${CHROMIUM} is missing; .ci/run installs Debian's chromium package`);
    let browser: Browser | undefined;
    beforeAll(async () => {
      if (!available) return;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    }, 60_000);
    afterAll(async () => browser?.close());
    /** A fresh page as a 1,024 × 768 projector shows it. */
    const projector = async () => {
      const context = await browser!.newContext({ viewport: { width: 1024, height: 768 } });
      return { context, page: await context.newPage() };
    };

    it.skipIf(!available)('opens with no network access and renders every chart', async () => {
      const context = await browser!.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      const fetched: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) return route.continue();
        fetched.push(url);
        return route.abort();
      });
      const errors: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`file://${join(dir, 'report.html')}`);
      const charts = await page.$$eval('figure.chart', (figures) =>
        figures.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          // Marks that Vega drew: areas, lines, bars, points and ticks are paths inside role-mark groups.
          const marks = svg ? svg.querySelectorAll('g[class*="role-mark"] path, g[class*="role-mark"] line').length : 0;
          const text = svg ? [...svg.querySelectorAll('text')].map((t) => t.textContent ?? '').join(' ') : '';
          return { id: f.getAttribute('data-chart'), width: box?.width ?? 0, height: box?.height ?? 0, marks, text };
        }),
      );
      // three results (fan charts, trade by partner, exposure, sources) and the sweep's three frontiers and three heatmaps
      expect(charts).toHaveLength(3 * (FAN_INDICATORS.length + 3) + 6);
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(200);
        expect(c.height, c.id).toBeGreaterThan(100);
        expect(c.marks, c.id).toBeGreaterThan(0);
      }
      // Axis labels are months, read in UTC whatever the machine's time zone.
      expect(charts[0]!.text).toMatch(/2023-01/);
      expect(fetched).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it.skipIf(!available)('lays charts out with the text widths Chromium draws (Helvetica metrics, within 3%), so no chart is sized for text it does not have', async () => {
      const { context, page } = await projector();
      await page.goto(`file://${join(dir, 'report.html')}`);
      // every line: a one-line text, or each <tspan> line of a multi-line one (the rotated axis titles), in its <text>'s font
      const texts = await page.$$eval('figure.chart svg text', (nodes) =>
        nodes.flatMap((t) => {
          const lines = t.querySelector('tspan') ? [...t.querySelectorAll('tspan')] : [t];
          return lines
            .filter((l) => (l.textContent ?? '').trim())
            .map((l) => ({ text: l.textContent!, size: parseFloat(t.getAttribute('font-size') ?? '0'), weight: t.getAttribute('font-weight') ?? undefined, drawn: (l as unknown as { getComputedTextLength(): number }).getComputedTextLength() }));
        }),
      );
      expect(texts.length).toBeGreaterThan(300);
      expect(texts.filter((t) => t.weight === 'bold').length).toBeGreaterThan(20); // titles, in the bold table
      const off = texts.filter((t) => Math.abs(itemTextWidth({ fontSize: t.size, ...(t.weight ? { fontWeight: t.weight } : {}) }, t.text) - t.drawn) > 0.03 * t.drawn + 0.5);
      expect(off).toEqual([]);
      await context.close();
    }, 60_000);

    it.skipIf(!available)('on a 1,024-px projector: every kind of chart scales to the page with type of 14 px or more; events and the dashed baseline are drawn', async () => {
      const { context, page } = await projector();
      const measure = () =>
        page.$$eval('figure.chart', (figures) =>
        figures.map((f) => {
          const svg = f.querySelector('svg')!;
          const box = svg.getBoundingClientRect();
          const scale = box.width / svg.viewBox.baseVal.width;
          const sizes = [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim()).map((t) => parseFloat(t.getAttribute('font-size') ?? '0') * scale);
          return {
            id: f.getAttribute('data-chart'),
            width: box.width,
            smallest: Math.min(...sizes),
            dashed: svg.querySelectorAll('path[stroke-dasharray]').length,
            text: [...svg.querySelectorAll('text')].map((t) => t.textContent ?? '').join(' '),
          };
        }),
      );
      await page.goto(`file://${join(dir, 'report.html')}`);
      const charts = await measure();
      // the explanation's tables and prose, as the browser lays them out
      const textSizes = await page.$$eval('div.explanation td, div.explanation th, div.explanation p, figcaption', (nodes) => nodes.map((n) => parseFloat(n.ownerDocument.defaultView!.getComputedStyle(n).fontSize)));
      expect(textSizes.length).toBeGreaterThan(50);
      expect(Math.min(...textSizes)).toBeGreaterThanOrEqual(14);
      await page.goto(`file://${join(dir, 'analyses.html')}`);
      charts.push(...(await measure()));
      const KINDS = ['exposure-trend', 'fan', 'frontier', 'grid', 'morris', 'robustness', 'sobol', 'sources', 'sweep-line', 'trade-by-partner'];
      const kinds = new Set(charts.map((c) => KINDS.find((k) => c.id === k || c.id!.startsWith(`${k}-`))));
      expect([...kinds].sort()).toEqual(KINDS); // every kind of chart the report draws is measured
      for (const c of charts) {
        expect(c.width, c.id!).toBeGreaterThan(400); // two to a row of a 1,024-px page, at least
        expect(c.smallest, c.id!).toBeGreaterThanOrEqual(14);
      }
      const fans = charts.filter((c) => c.id!.startsWith('fan-'));
      // the first result (a CPC outage) is drawn against the baseline, with its own events marked on the time axis
      const first = fans.filter((f) => f.text.includes('pipeline-cut'));
      expect(first.length).toBe(FAN_INDICATORS.length);
      for (const f of first) expect(f.dashed, f.id!).toBeGreaterThan(0);
      await context.close();
    }, 60_000);
  });
});
