import { scenarioJsonSchema } from '../../scenario/schema.js';
import { EXIT_OK, type CliIo } from '../io.js';

/** `mvsim schema`: the JSON Schema of the scenario format, derived from the zod schema. */
export function schemaCommand(io: CliIo): number {
  io.stdout(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return EXIT_OK;
}
