import { resolve } from 'node:path';
import { runScenario } from '../../runner/runScenario.js';
import { runFileContent } from '../../results/runResult.js';
import { loadInputs } from '../inputs.js';
import { EXIT_FAILURE, EXIT_OK, type CliIo } from '../io.js';
import { formatBreach } from '../present.js';
import { writeResult } from '../writeResult.js';

export interface RunArgs {
  readonly scenario: string;
  readonly seed?: number | undefined;
  readonly out?: string | undefined;
  readonly force: boolean;
  readonly firms?: number | undefined;
  readonly calibration?: string | undefined;
}

/** A file-name-safe form of a scenario name. */
export const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';

/** `mvsim run`: one seed of a scenario to one result file. */
export function runCommand(io: CliIo, args: RunArgs): number {
  const inputs = loadInputs(io, args.scenario, args.calibration);
  const seed = args.seed ?? inputs.scenario.seeds[0] ?? 1;
  const shown = args.out ?? `results/${slug(inputs.scenario.name)}-seed${seed}.json`;
  const response = runScenario({ ...inputs, seed, ...(args.firms !== undefined ? { firms: args.firms } : {}) });
  if (!response.ok) {
    io.stderr(formatBreach(response.seed, response.breach));
    return EXIT_FAILURE;
  }
  writeResult(resolve(io.cwd, shown), shown, runFileContent(response.result), args.force);
  io.stdout(`${shown}\n`);
  return EXIT_OK;
}
