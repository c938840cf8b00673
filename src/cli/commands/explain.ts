import { explanationText } from '../../analysis/explainText.js';
import { explainFile, type ExplainOptions } from '../../app/explain.js';
import { canonicalJson } from '../../model/canonicalJson.js';
import { failed, type Context } from '../context.js';
import { EXIT_OK } from '../io.js';

export interface ExplainArgs extends ExplainOptions {
  readonly result: string;
  readonly json: boolean;
}

/** `mvsim explain <result>`: a plain-language account of a run or an ensemble, or the same content as JSON. */
export async function explainCommand(ctx: Context, args: ExplainArgs): Promise<number> {
  const r = await explainFile(ctx.env, args.result, args);
  if (!r.ok) return failed(ctx, r.issues);
  ctx.io.stdout(args.json ? `${canonicalJson(r.explanation, 1)}\n` : explanationText(r.explanation));
  return EXIT_OK;
}
