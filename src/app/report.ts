import { plainIssue, type Outcome } from '../input/issues.js';
import { buildReport, type ReportInput } from '../report/report.js';
import type { Env } from './env.js';
import { explainDocument, type ExplainOptions } from './explain.js';
import { loadReportable, type ReadReportable } from './results.js';
import { refuseExisting, writeAll } from './write.js';

export interface ReportArgs extends ExplainOptions {
  readonly results: readonly string[];
  readonly out: string;
  readonly baseline?: string | undefined;
  readonly force: boolean;
}

/** One self-contained HTML file with charts and explanations of the given results; written only when complete. */
export async function writeReport(env: Env, args: ReportArgs): Promise<Outcome<{ written: string }>> {
  if (!/\.html?$/i.test(args.out)) return { ok: false, issues: [plainIssue('INVALID_OPTION', `--out ${args.out}: a report is an HTML file; name it *.html`)] };
  const refused = refuseExisting(env, [{ path: args.out, remedy: 'choose another --out' }], args.force);
  if (refused) return refused;
  const files = [...new Set(args.results.map((r) => env.files.resolve('.', r)))];
  const loaded: ReadReportable[] = [];
  for (const f of files) {
    const r = loadReportable(env, f);
    if (!r.ok) return r;
    loaded.push(r);
  }
  const baselineFile = args.baseline === undefined ? undefined : env.files.resolve('.', args.baseline);
  let extra: ReadReportable | undefined;
  if (baselineFile !== undefined && !files.includes(baselineFile)) {
    const r = loadReportable(env, baselineFile);
    if (!r.ok) return r;
    extra = r;
  }

  const inputs: ReportInput[] = [];
  for (const { file, doc, text } of loaded) {
    const label = env.files.shown(file);
    if (doc.kind === 'sweep' || doc.kind === 'sensitivity' || doc.kind === 'robustness') {
      inputs.push({ label, doc });
      continue;
    }
    const got = await explainDocument(env, file, text, doc, args);
    if (!got.ok) return { ok: false, issues: got.issues.map((i) => (i.code === 'RUN_FAILED' ? { ...i, message: `${label}: ${i.message}. No report was written.` } : i)) };
    inputs.push({ label, doc, explanation: got.explanation });
  }
  const baseline = extra
    ? { label: env.files.shown(extra.file), doc: extra.doc }
    : baselineFile !== undefined
      ? inputs[files.indexOf(baselineFile)]
      : inputs.find((i) => (i.doc.kind === 'run' || i.doc.kind === 'ensemble') && i.doc.scenario.name.startsWith('baseline'));
  if (baseline && baseline.doc.kind !== 'run' && baseline.doc.kind !== 'ensemble') return { ok: false, issues: [plainIssue('INVALID_OPTION', `--baseline ${args.baseline}: a baseline is a run or an ensemble, not a ${baseline.doc.kind} result`)] };
  const drawn = baseline && (baseline.doc.kind === 'run' || baseline.doc.kind === 'ensemble') ? { label: baseline.label, doc: baseline.doc } : undefined;
  const html = await buildReport(inputs, drawn);
  const written = writeAll(env, [{ path: args.out, content: html }], args.force);
  return written.ok ? { ok: true, written: args.out } : written;
}
