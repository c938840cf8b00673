import { POINT_LABELS, type Chart } from './charts.js';
import { itemTextWidth } from './textWidth.js';

/**
 * Compiles a chart's Vega-Lite spec to Vega and renders it to an SVG string, headless
 * (no canvas, no DOM, no network). Vega numbers gradient and clip ids with a counter
 * that lives as long as the process, so the ids are renamed in order of appearance
 * under `idPrefix`: the SVG's bytes then depend only on the chart, and charts on one
 * page cannot clash.
 */
export async function renderSvg(chart: Chart, idPrefix: string): Promise<string> {
  // Loaded here, not at the top: vega and vega-lite take a good part of a second to load, and only
  // `mvsim report` draws charts. After the first chart the modules are cached.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const { parse, View } = vega;
  // Vega's hook for a text measurer of one's own (vl-convert sets one too; vega's types leave it out). It is
  // global to the vega module, which only the report uses: Helvetica's widths, not 0.8 em a character.
  const metrics = (vega as unknown as { textMetrics: { width: typeof itemTextWidth } }).textMetrics;
  if (metrics.width !== itemTextWidth) metrics.width = itemTextWidth;
  const compiled = compile(chart.spec).spec;
  placePointLabels(compiled);
  const view = new View(parse(compiled), { renderer: 'none' });
  try {
    return hoverTitles(scopeIds(await view.toSVG(), idPrefix));
  } finally {
    view.finalize();
  }
}

/** Renames every id="…" in an SVG, and every reference to it, to `${prefix}-${k}`. */
export function scopeIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  if (!ids.size) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => {
    const renamed = ids.get(id);
    return renamed ? `${lead}${renamed}` : whole;
  });
}

/**
 * Gives every point that has a description (the charts put a sweep point's values, or a
 * factor's name, there) a `<title>` child with the same text: the browser shows it on
 * hover, with no script (the report allows none). Vega writes the description only as
 * the point's aria-label, which screen readers read but the mouse does not show.
 */
export function hoverTitles(svg: string): string {
  return svg.replace(/<path ([^>]*?)\/>/g, (whole, attributes: string) => {
    if (!attributes.includes('aria-roledescription="point"')) return whole;
    const label = /aria-label="([^"]*)"/.exec(attributes)?.[1];
    // the label is already escaped for an attribute, which is also safe as element text
    return label === undefined ? whole : `<path ${attributes}><title>${label}</title></path>`;
  });
}

/** The part of a compiled Vega spec that placePointLabels reads and changes. */
interface VegaMarks {
  marks?: VegaMark[] | undefined;
}
interface VegaMark extends VegaMarks {
  name?: string;
  encode?: { update?: Record<string, unknown> };
  transform?: unknown[];
}

/** Distance of a label from its point's centre (px): beyond the dots' radius (about 4.4 px at size 60) and a gap. */
const LABEL_OFFSET = 7;

/**
 * Gives the point-label layer (see POINT_LABELS) of a compiled Vega spec Vega's label
 * transform, in place: each label goes to the first of eight places around its point,
 * clear of the dot, where it covers no other label and no other point's centre, the
 * frontier's first; a label with no such place is not drawn. It needs no canvas: the
 * points are avoided as data positions, not as drawn marks. Returns whether the spec
 * had such a layer.
 */
export function placePointLabels(spec: unknown): boolean {
  let found = false;
  const visit = (node: VegaMarks): void => {
    for (const mark of node.marks ?? []) {
      if (mark.name === `${POINT_LABELS}_marks` && mark.encode?.update) {
        // the transform sets the alignment and the offset from the point
        for (const key of ['align', 'baseline', 'dx', 'dy']) delete mark.encode.update[key];
        mark.transform = [{ type: 'label', size: { signal: '[width, height]' }, sort: { field: 'datum.priority' }, anchor: ['top-right', 'right', 'bottom-right', 'top', 'bottom', 'top-left', 'left', 'bottom-left'], offset: [LABEL_OFFSET], avoidBaseMark: true }];
        found = true;
      }
      visit(mark);
    }
  };
  visit(spec as VegaMarks);
  return found;
}
