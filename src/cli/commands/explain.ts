import { explanationText } from '../../analysis/explainText.js';
import { canonicalJson } from '../../results/runResult.js';
import { explainDocument, type ExplainOptions } from '../explanations.js';
import { SourceReader } from '../inputs.js';
import { EXIT_FAILURE, EXIT_OK, type CliIo } from '../io.js';
import { loadResult, problemIssues } from '../resultInputs.js';

export interface ExplainArgs extends ExplainOptions {
  readonly result: string;
  readonly json: boolean;
}

/** `mvsim explain <result>`: a plain-language account of a run or an ensemble, or the same content as JSON. */
export async function explainCommand(io: CliIo, args: ExplainArgs): Promise<number> {
  const reader: SourceReader = new SourceReader(io);
  const { file, doc } = loadResult(reader, io.cwd, args.result);
  if (doc.kind === 'sweep') {
    reader.fail(problemIssues(reader, [{ file, field: 'kind', message: `${args.result} is a sweep; explain takes a run or an ensemble (run one point's scenario to explain it, or show the sweep with mvsim report)` }]));
  }
  const got = await explainDocument(io, reader, file, doc, args);
  if (!got.ok) {
    io.stderr(`${got.error}\n`);
    return EXIT_FAILURE;
  }
  io.stdout(args.json ? `${canonicalJson(got.explanation, 1)}\n` : explanationText(got.explanation));
  return EXIT_OK;
}
