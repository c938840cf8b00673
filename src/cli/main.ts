import yargs from 'yargs';
import { ENGINE_VERSION } from '../io/package.js';
import { calibrationCommand } from './commands/calibration.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io.js';

/**
 * Runs mvsim's command line on `argv` with the given streams and returns the exit
 * status: 0 success, 1 failure, 2 usage or input error. User mistakes never throw.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = EXIT_OK;
  const calibrationOption = { type: 'string', describe: 'Calibration file (default: the shipped calibration/calibration.yaml)' } as const;
  const parser = yargs()
    .scriptName('mvsim')
    .usage('$0 <command> [options]\n\nDeterministic agent-based simulation of multi-vector foreign policy.')
    .command(
      'run <scenario>',
      'Run a scenario for one seed and write its result JSON',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML file' })
          .option('seed', { type: 'number', describe: "Seed (default: the scenario's first seed)" })
          .option('out', { type: 'string', describe: 'Result file (default: results/<scenario>-seed<N>.json)' })
          .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing result file' })
          .option('firms', { type: 'number', describe: "Number of firm agents (default: the scenario's, else 10,000)" })
          .option('calibration', calibrationOption)
          .check((a) => {
            if (a.seed !== undefined && !(Number.isInteger(a.seed) && a.seed >= 0 && a.seed <= 4294967295)) throw new Error('--seed must be an integer in [0, 4294967295]');
            if (a.firms !== undefined && !(Number.isInteger(a.firms) && a.firms >= 1 && a.firms <= 1_000_000)) throw new Error('--firms must be an integer in [1, 1000000]');
            return true;
          })
          .example('$0 run scenarios/baseline.yaml --seed 7 --out results/baseline-7.json', ''),
      (a) => {
        code = runCommand(io, { scenario: a.scenario, seed: a.seed, out: a.out, force: a.force, firms: a.firms, calibration: a.calibration });
      },
    )
    .command(
      'validate <files..>',
      'Check scenario files without running them',
      (y) => y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'Scenario YAML files' }).option('calibration', calibrationOption),
      (a) => {
        code = validateCommand(io, a.files, a.calibration);
      },
    )
    .command('schema', 'Print the JSON Schema of the scenario format', (y) => y, () => {
      code = schemaCommand(io);
    })
    .command(
      'calibration',
      'Print the calibration table: documented figures, sources, and what the model reproduces',
      (y) =>
        y
          .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
          .option('assumptions', { type: 'boolean', default: false, describe: 'Also list every assumption with its rationale and range' })
          .option('calibration', calibrationOption),
      (a) => {
        code = calibrationCommand(io, { json: a.json, assumptions: a.assumptions, calibration: a.calibration });
      },
    )
    .demandCommand(1, 'Name a command: run, validate, schema or calibration')
    .strict()
    .help()
    .version(ENGINE_VERSION)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false);

  try {
    const failure = await new Promise<string | undefined>((resolve, reject) => {
      parser.parse([...argv], {}, (err, _argv, output) => {
        if (err) {
          if (err instanceof UsageError) reject(err);
          else resolve(output || err.message);
          return;
        }
        if (output) io.stdout(`${output}\n`);
        resolve(undefined);
      });
    });
    if (failure !== undefined) {
      io.stderr(`${failure}\n`);
      return EXIT_USAGE;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  return code;
}
