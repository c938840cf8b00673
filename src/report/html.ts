/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A section id from a label: lower-case letters, digits and dashes. */
export const anchor = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'section';

/** The report's stylesheet: inline, so the file needs nothing else. */
export const REPORT_CSS = `
body { font: 14px/1.5 Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1120px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 40px 0 4px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 24px 0 8px; } .meta { color: #555; font-size: 14px; margin: 0; }
nav ul { padding-left: 18px; } .charts { display: flex; flex-wrap: wrap; gap: 16px 24px; }
figure.chart { margin: 0; flex: 1 1 520px; max-width: min(100%, 680px); } figure.chart svg { width: 100%; height: auto; } figure.chart figcaption { font-size: 14px; color: #444; }
h4 { font-size: 15px; margin: 20px 0 6px; } div.explanation { max-width: 1000px; } div.explanation p { margin: 6px 0; }
table.explain { margin: 6px 0 10px; } table.explain th { font-weight: 600; background: #f4f4f2; vertical-align: bottom; } table.explain td { vertical-align: top; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.explain th.text, table.explain td.text { text-align: left; white-space: normal; } table.explain code { font: 14px Menlo, Consolas, monospace; }
div.explanation p.method { color: #555; } ul.notes { padding-left: 20px; }
table { border-collapse: collapse; font-size: 14px; } th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #eee; } th:first-child, td:first-child { text-align: left; }
.note { font-size: 14px; color: #7a4b00; } details.points { margin-top: 12px; } details.points summary { cursor: pointer; font-size: 15px; }
`;
