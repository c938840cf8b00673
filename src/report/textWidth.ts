/**
 * Text widths in the report's font (Helvetica, Arial, or Liberation Sans, which share
 * Helvetica's metrics), from the Adobe font metrics of Helvetica and Helvetica-Bold in
 * thousandths of an em, printable ASCII from space (32) to tilde (126).
 *
 * Why: charts are rendered headless, without a canvas to measure text, and Vega then
 * estimates every character at 0.8 em, about half as wide again as Helvetica's average.
 * Overestimated titles made charts wider than drawn (so the page scaled their type
 * down) and rotated axis titles taller than their plots (a blank band above each).
 * These widths are the ones a browser draws with, and are the same on every machine.
 */
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
/** The few other characters the report prints (dashes, signs, Greek letters, quotes), in each weight. */
const OTHER: Readonly<Record<string, number>> = { '–': 556, '—': 1000, '−': 584, '×': 584, 'μ': 556, 'σ': 600, '…': 1000, '‘': 222, '’': 222, '“': 333, '”': 333, '·': 278, '≥': 549, '≤': 549 };
const OTHER_BOLD: Readonly<Record<string, number>> = { ...OTHER, 'μ': 611, 'σ': 630, '‘': 278, '’': 278, '“': 500, '”': 500 };
/** A character in none of the tables: a wide letter, so that text is never drawn wider than estimated by much. */
const UNKNOWN = 667;

/** Width in pixels of `text` at `fontSize` px, bold or not. */
export function helveticaWidth(text: string, fontSize: number, bold: boolean): number {
  const [table, other] = bold ? [BOLD, OTHER_BOLD] : [REGULAR, OTHER];
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? table[code - 32]! : (other[ch] ?? UNKNOWN);
  }
  return (units * fontSize) / 1000;
}

/** The fields of a Vega text item that its width depends on. */
export interface TextItem {
  readonly fontSize?: number | string;
  readonly fontWeight?: number | string;
  /** Vega truncates text longer than this (px) with an ellipsis. */
  readonly limit?: number;
}

/**
 * Vega's `textMetrics.width` contract: the width of one line of an item's text (11 px
 * when the item sets no size, as Vega assumes), no wider than the item's limit, since
 * Vega draws longer text cut to it.
 */
export function itemTextWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
  const width = text == null ? 0 : helveticaWidth(String(text).trim(), size, bold);
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
}
