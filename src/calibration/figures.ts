import { z } from 'zod';
import type { Issue, Outcome } from '../input/issues.js';
import { didYouMean } from '../input/suggest.js';
import { issueIn, parseYaml, zodIssues, type YamlSource } from '../input/yamlSource.js';
import { citingTextsOf, type CalibrationFile } from './schema.js';

/**
 * The register of every quantitative statement in the source documents
 * (calibration/figures.yaml): what each says, verbatim, and which parameters cite it
 * or why none does. Ids are the document's number and the statement's, as in
 * docs/research/document-figures.md ("001-11").
 */
const RegisterEntry = z.strictObject({
  source: z.string().regex(/^\d{3}_[\w-]+\.txt$/).describe('File name of the source document in calibration/sources/'),
  quote: z.string().min(8).describe('Exact words from the document'),
  value: z.union([z.number(), z.string().min(1)]).describe('What the statement says: a number, or a date, rank or vague amount in words'),
  unit: z.string().min(1).optional(),
  refersTo: z.string().min(1).optional().describe('The year or period the figure is about'),
  usedBy: z.array(z.string().min(1)).min(1).optional().describe('Parameters whose calibration entry quotes this figure'),
  usedIn: z.array(z.string().regex(/^[\w.-]+\.yaml$/)).min(1).optional().describe('Shipped scenario files whose events the figure sizes or times'),
  notUsed: z.string().min(10).optional().describe('Why no parameter or scenario uses the figure'),
  note: z.string().optional(),
});
export const FiguresFileSchema = z.strictObject({
  version: z.literal(1),
  figures: z.record(z.string().regex(/^\d{3}-\d{2}$/), RegisterEntry),
});
export type FiguresFile = z.infer<typeof FiguresFileSchema>;
export type RegisterEntry = z.infer<typeof RegisterEntry>;

/** A parsed register, with its YAML source for locating later problems. */
export interface ParsedFigures {
  readonly file: FiguresFile;
  readonly source: YamlSource;
}

/** Parses the register and checks its shape (not yet against the documents or the calibration: see `figuresProblems`). */
export function parseFigures(file: string, text: string): Outcome<{ figures: ParsedFigures }> {
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return parsed;
  const checked = FiguresFileSchema.safeParse(parsed.source.value);
  if (!checked.success) return { ok: false, issues: zodIssues(parsed.source, FiguresFileSchema, checked.error.issues) };
  return { ok: true, figures: { file: checked.data, source: parsed.source } };
}

/** The source documents a register names, each once. */
export const registerSources = (f: FiguresFile): string[] => [...new Set(Object.values(f.figures).map((e) => e.source))].sort();

/** What the register is checked against. */
export interface RegisterContext {
  /** Each source document's text, by file name. */
  readonly documents: ReadonlyMap<string, string>;
  /** The calibration's entries, by parameter id. */
  readonly parameters: CalibrationFile['parameters'];
  /** Whether a shipped scenario file of that name exists; usedIn is not checked when absent. */
  readonly scenarioExists?: (name: string) => boolean;
}

/**
 * Every disagreement between the register, the documents and the calibration:
 * - each entry is either used (usedBy or usedIn) or says why not (notUsed), not both;
 * - its id names its document, and its quote is verbatim in that document;
 * - each usedBy parameter exists and its entry quotes the figure verbatim, and every
 *   parameter whose entry quotes it is listed (so usedBy is exactly "who cites this");
 * - each usedIn scenario exists;
 * - every `calibrated` entry's quote contains the quote of a register entry that lists it.
 */
export function figuresProblems(parsed: ParsedFigures, ctx: RegisterContext): Issue[] {
  const { file, source: src } = parsed;
  const issues: Issue[] = [];
  const at = (path: (string | number)[], message: string, suggestion?: string) => issues.push(issueIn(src, 'PROVENANCE_MISMATCH', path, message, { suggestion }));
  const ids = Object.keys(ctx.parameters);
  const citing = (quote: string): string[] => ids.filter((id) => citingTextsOf(ctx.parameters[id]!).some((t) => t.includes(quote))).sort();
  for (const [fid, e] of Object.entries(file.figures)) {
    const path = ['figures', fid];
    const used = e.usedBy !== undefined || e.usedIn !== undefined;
    if (used === (e.notUsed !== undefined)) at(path, `${fid}: give usedBy or usedIn (the figure is used) or notUsed (why it is not), not ${used ? 'both' : 'neither'}`);
    if (!e.source.startsWith(`${fid.slice(0, 3)}_`)) at([...path, 'source'], `${fid}: the id names document ${fid.slice(0, 3)} but the source is ${e.source}`);
    const text = ctx.documents.get(e.source);
    if (text === undefined) at([...path, 'source'], `${fid}: unknown source document ${e.source}`, didYouMean(e.source, [...ctx.documents.keys()]));
    else if (!text.includes(e.quote)) at([...path, 'quote'], `${fid}: the quote is not verbatim in ${e.source}: "${e.quote}"`);
    const cites = citing(e.quote);
    (e.usedBy ?? []).forEach((id, i) => {
      if (!(id in ctx.parameters)) at([...path, 'usedBy', i], `${fid}: unknown parameter "${id}" in usedBy`, didYouMean(id, ids));
      else if (!cites.includes(id)) at([...path, 'usedBy', i], `${fid}: ${id} is listed in usedBy but its calibration entry does not quote "${e.quote}"`);
    });
    const unlisted = cites.filter((id) => !(e.usedBy ?? []).includes(id));
    if (unlisted.length) at(path, `${fid}: quoted by ${unlisted.join(', ')} in the calibration but not listed in usedBy`);
    const exists = ctx.scenarioExists;
    if (exists) (e.usedIn ?? []).forEach((s, i) => {
      if (!exists(s)) at([...path, 'usedIn', i], `${fid}: no shipped scenario ${s}`);
    });
  }
  for (const [id, e] of Object.entries(ctx.parameters)) {
    if (!('calibrated' in e)) continue;
    const c = e.calibrated;
    const covered = Object.values(file.figures).some((f) => f.source === c.source && c.quote.includes(f.quote) && (f.usedBy ?? []).includes(id));
    if (!covered) at(['figures'], `The calibrated parameter ${id} quotes ${c.source}, but no register entry of that document with usedBy ${id} has a quote within "${c.quote}"`);
  }
  return issues;
}

/** One register entry as reported, with its status spelled out. */
export interface RegisterRow extends RegisterEntry {
  readonly id: string;
  readonly used: boolean;
}

/** The register grouped by document, with counts. */
export interface RegisterSummary {
  readonly total: number;
  readonly used: number;
  readonly notUsed: number;
  readonly documents: readonly { readonly source: string; readonly total: number; readonly used: number; readonly figures: readonly RegisterRow[] }[];
}

/** Counts and groups the register by document, in id order. */
export function registerSummary(f: FiguresFile): RegisterSummary {
  const rows: RegisterRow[] = Object.entries(f.figures)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, e]) => ({ id, ...e, used: e.usedBy !== undefined || e.usedIn !== undefined }));
  const count = (rs: readonly RegisterRow[]) => rs.filter((r) => r.used).length;
  const documents = registerSources(f).map((source) => {
    const figures = rows.filter((r) => r.source === source);
    return { source, total: figures.length, used: count(figures), figures };
  });
  return { total: rows.length, used: count(rows), notUsed: rows.length - count(rows), documents };
}
