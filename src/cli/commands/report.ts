import { relative, resolve } from 'node:path';
import { buildReport, type ReportInput } from '../../report/report.js';
import { explainDocument, type ExplainOptions } from '../explanations.js';
import { SourceReader } from '../inputs.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { loadResult } from '../resultInputs.js';
import { refuseExisting, writeResult } from '../writeResult.js';

export interface ReportArgs extends ExplainOptions {
  readonly results: readonly string[];
  readonly out: string;
  readonly baseline?: string | undefined;
  readonly force: boolean;
}

/** `mvsim report`: one self-contained HTML file with charts and explanations of the given results. */
export async function reportCommand(io: CliIo, args: ReportArgs): Promise<number> {
  const out = resolve(io.cwd, args.out);
  if (!/\.html?$/i.test(out)) throw new UsageError(`--out ${args.out}: a report is an HTML file; name it *.html`);
  refuseExisting(out, args.out, args.force);
  const reader: SourceReader = new SourceReader(io);
  const files = [...new Set(args.results.map((r) => resolve(io.cwd, r)))];
  const loaded = files.map((f) => loadResult(reader, io.cwd, f));
  const baselineFile = args.baseline === undefined ? undefined : resolve(io.cwd, args.baseline);
  const extra = baselineFile !== undefined && !files.includes(baselineFile) ? loadResult(reader, io.cwd, baselineFile) : undefined;

  const inputs: ReportInput[] = [];
  for (const { file, doc } of loaded) {
    const label = relative(io.cwd, file) || file;
    if (doc.kind === 'sweep') {
      inputs.push({ label, doc });
      continue;
    }
    const got = await explainDocument(io, reader, file, doc, args);
    if (!got.ok) {
      io.stderr(`${label}: ${got.error}. No report was written.\n`);
      return EXIT_FAILURE;
    }
    inputs.push({ label, doc, explanation: got.explanation });
  }
  const baseline = extra
    ? { label: relative(io.cwd, extra.file) || extra.file, doc: extra.doc }
    : baselineFile !== undefined
      ? inputs[files.indexOf(baselineFile)]
      : inputs.find((i) => i.doc.kind !== 'sweep' && i.doc.scenario.name.startsWith('baseline'));
  if (baseline?.doc.kind === 'sweep') throw new UsageError(`--baseline ${args.baseline}: a baseline is a run or an ensemble, not a sweep`);
  const html = await buildReport(inputs, baseline && { label: baseline.label, doc: baseline.doc });
  writeResult(out, args.out, html, args.force);
  io.stdout(`${args.out}\n`);
  return EXIT_OK;
}
