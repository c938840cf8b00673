import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from './charts.js';

/** Compiles a chart's Vega-Lite spec to Vega and renders it to an SVG string, headless (no canvas, no DOM, no network). */
export async function renderSvg(chart: Chart): Promise<string> {
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
