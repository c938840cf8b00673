import { scenarioJsonSchema } from '../../scenario/schema.js';
import type { Context } from '../context.js';
import { EXIT_OK } from '../io.js';

/** `mvsim schema`: the JSON Schema of the scenario format, derived from the zod schema. */
export function schemaCommand(ctx: Context): number {
  ctx.io.stdout(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return EXIT_OK;
}
