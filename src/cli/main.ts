import yargs from 'yargs';
import { isFolder } from '../app/states.js';
import { ENGINE_VERSION } from '../io/package.js';
import { calibrationCommand } from './commands/calibration.js';
import { compareCommand } from './commands/compare.js';
import { ensembleCommand } from './commands/ensemble.js';
import { explainCommand } from './commands/explain.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { DEFAULT_OBJECTIVES, sweepCommand } from './commands/sweep.js';
import { DEFAULT_OUTPUTS, sensitivityCommand } from './commands/sensitivity.js';
import { robustnessCommand } from './commands/robustness.js';
import { discoverCommand } from './commands/discover.js';
import { validateCommand } from './commands/validate.js';
import { mergeCommand } from './commands/merge.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { parseShard } from './shard.js';
import { contextOf } from './context.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io.js';
import { didYouMean } from '../input/suggest.js';

/** mvsim's commands. */
const COMMANDS = ['run', 'validate', 'compare', 'sweep', 'sensitivity', 'robustness', 'merge', 'eval', 'export', 'discover', 'explain', 'report', 'schema', 'calibration'] as const;

/**
 * Runs mvsim's command line on `argv` with the given streams and returns the exit
 * status: 0 success, 1 failure, 2 usage or input error. User mistakes never throw.
 */
export async function runCli(argv: readonly string[], given: CliIo): Promise<number> {
  // Names from files (scenario names, file names, event kinds) reach the terminal in tables and headers too: no control character but line breaks, tabs and the progress line's carriage return gets through.
  const io: CliIo = { ...given, stdout: (t) => given.stdout(printable(t)), stderr: (t) => given.stderr(printable(t)) };
  const ctx = contextOf(io);
  // An unknown command is one line with a suggestion, not the whole help text.
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && !(COMMANDS as readonly string[]).includes(first)) {
    const suggestion = didYouMean(first, COMMANDS);
    io.stderr(`Unknown command ${JSON.stringify(first)}${suggestion ? `; did you mean "${suggestion}"?` : '.'} Run \`mvsim --help\` for the commands.\n`);
    return EXIT_USAGE;
  }
  let code = EXIT_OK;
  let pending: Promise<number> | undefined;
  const calibrationOption = { type: 'string', describe: 'Calibration file (default: the shipped calibration/calibration.yaml)' } as const;
  const workersOption = { type: 'string', describe: 'Worker threads (default: the number of cores); results do not depend on it' } as const;
  const forceOption = { type: 'boolean', default: false, describe: 'Overwrite an existing result file' } as const;
  const firmsOption = { type: 'string', describe: "Number of firm agents (default: the scenario's, else 10,000)" } as const;
  const shardOption = { type: 'string', describe: 'Run only shard I of N of the jobs (I/N, or auto from a Slurm, Kubernetes or AWS Batch array job) and write a partial file for mvsim merge' } as const;
  const shardOf = (text: string | undefined) => parseShard(text, given.environment ?? {}, ['npx', 'mvsim', ...argv]);
  const parser = yargs()
    .scriptName('mvsim')
    .usage('$0 <command> [options]\n\nDeterministic agent-based simulation of multi-vector foreign policy.')
    .command(
      'run <scenario>',
      'Run a scenario for one seed, or for many seeds as an ensemble, and write its result JSON; save states along the way, or continue saved ones',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML file' })
          .option('seed', { type: 'string', describe: "Seed of a single run (default: the scenario's first seed)" })
          .option('seeds', { type: 'string', describe: 'Run an ensemble over these seeds, e.g. 1..1000 or 1,5,9' })
          .option('workers', { type: 'string', describe: 'Ensemble worker threads (default: the number of cores); results do not depend on it' })
          .option('keep-runs', { type: 'string', describe: "Ensemble: also write each seed's run result into this folder" })
          .option('month', { type: 'string', array: true, default: [], describe: "Ensemble: also keep each seed's values at this month (YYYY-MM), for compare --month" })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress bar (it is shown only on a terminal anyway)' })
          .option('out', { type: 'string', describe: 'Result file (default: results/<scenario>-seed<N>.json, or results/<scenario>-seeds-<first>-<last>.json)' })
          .option('force', { type: 'boolean', default: false, describe: 'Overwrite existing result and state files' })
          .option('firms', firmsOption)
          .option('checkpoint-at', { type: 'string', describe: "Also save the run's whole state after this month (YYYY-MM; the start month saves the start state); with --seeds, every seed's state, into --checkpoint-dir" })
          .option('checkpoint-out', { type: 'string', describe: 'Single run: the state file for --checkpoint-at (default: results/<scenario>-seed<N>-<YYYY-MM>.state.json)' })
          .option('sample-assumptions', { choices: ['lhs', 'mc'] as const, describe: "Ensemble: draw each run's assumptions from their plausible ranges (a Latin hypercube over the runs, or Monte Carlo per seed), so the bands show uncertainty from assumptions and chance together" })
          .option('assumption-seed', { type: 'string', describe: 'Ensemble with --sample-assumptions: the seed of the draws (default 1); compare pairs two ensembles drawn alike' })
          .option('keep-series', { type: 'string', describe: "Ensemble: also write every seed's trajectories into this one file (for mvsim export)" })
          .option('checkpoint-dir', { type: 'string', describe: 'Ensemble: the folder for --checkpoint-at, one state per seed, each named and written as the single run of that seed would (<scenario>-seed<N>-<YYYY-MM>.state.json)' })
          .option('from-state', {
            type: 'string',
            describe:
              'Continue a saved state with this scenario: the same scenario resumes it, another branches from it. A folder continues each of its *.state.json as an ensemble (all of them, or those of --seeds; with --seed N, that seed\'s state as one run)',
          })
          .option('calibration', calibrationOption)
          .option('shard', shardOption)
          .example('$0 run scenarios/baseline-2022.yaml --seed 7 --out results/baseline-7.json', '')
          .example('$0 run scenarios/baseline-2022.yaml --checkpoint-at 2022-05 --checkpoint-out results/base-2022-05.state.json', 'Save the state after May 2022')
          .example('$0 run scenarios/secondary-sanctions-strict.yaml --from-state results/base-2022-05.state.json --out results/branch.json', 'Branch from it into a scenario whose events start later')
          .example('$0 run scenarios/baseline-2022.yaml --seeds 1..1000 --out results/baseline-ensemble.json', '')
          .example('$0 run scenarios/baseline-2022.yaml --seeds 1..100 --checkpoint-at 2022-05 --checkpoint-dir results/base-2022-05', "An ensemble that also saves every seed's state after May 2022")
          .example('$0 run scenarios/baseline-2022.yaml --seeds 1..200 --sample-assumptions lhs --firms 2000', 'An ensemble whose runs also draw their assumptions')
          .example('$0 run scenarios/secondary-sanctions-strict.yaml --from-state results/base-2022-05 --out results/branch-ensemble.json', 'Continue them all: an ensemble that branches from those states')
          .example('$0 run scenarios/baseline-2022.yaml --seeds 1..1000 --shard 2/4', 'Seeds 251 to 500 of the ensemble, into results/baseline-2022-seeds-1-1000.part-2-of-4.json (then mvsim merge results)'),
      (a) => {
        const firms = integerOption('--firms', a.firms, 1, 1_000_000);
        const fromState = a['from-state'];
        const ensemble = a.seeds !== undefined || (fromState !== undefined && a.seed === undefined && isFolder(ctx.env, fromState));
        if (!ensemble) {
          for (const [flag, value] of [['--workers', a.workers], ['--keep-runs', a['keep-runs']], ['--keep-series', a['keep-series']], ['--month', a.month.length ? a.month : undefined], ['--sample-assumptions', a['sample-assumptions']], ['--assumption-seed', a['assumption-seed']], ['--shard', a.shard]] as const) {
            if (value !== undefined) throw new UsageError(`${flag} applies to ensembles; add --seeds, e.g. --seeds 1..100`);
          }
          if (a['checkpoint-dir'] !== undefined) throw new UsageError('--checkpoint-dir applies to ensembles (--seeds); a single run writes its state to --checkpoint-out FILE');
          code = runCommand(ctx, {
            scenario: a.scenario,
            seed: integerOption('--seed', a.seed, 0, 4294967295),
            out: a.out,
            force: a.force,
            firms,
            calibration: a.calibration,
            checkpointAt: a['checkpoint-at'],
            checkpointOut: a['checkpoint-out'],
            fromState,
          });
          return;
        }
        if (a['checkpoint-out'] !== undefined) throw new UsageError('--checkpoint-out applies to single runs (--seed N); an ensemble writes one state per seed into --checkpoint-dir DIR');
        if (a.seed !== undefined) throw new UsageError('Give either --seed (one run) or --seeds (an ensemble), not both');
        if (a['assumption-seed'] !== undefined && a['sample-assumptions'] === undefined) throw new UsageError('--assumption-seed applies with --sample-assumptions lhs|mc');
        if (fromState !== undefined && a['sample-assumptions'] !== undefined) throw new UsageError('--sample-assumptions with --from-state: continued states keep the assumptions they were run with');
        pending = ensembleCommand(ctx, {
          scenario: a.scenario,
          seeds: a.seeds,
          workers: integerOption('--workers', a.workers, 1, MAX_WORKERS),
          out: a.out,
          force: a.force,
          firms,
          calibration: a.calibration,
          keepRuns: a['keep-runs'],
          keepSeries: a['keep-series'],
          months: a.month.map(String),
          checkpointAt: a['checkpoint-at'],
          checkpointDir: a['checkpoint-dir'],
          sampleAssumptions: a['sample-assumptions'],
          assumptionSeed: integerOption('--assumption-seed', a['assumption-seed'], 0, 4294967295),
          fromState,
          shard: shardOf(a.shard),
          quiet: a.quiet,
          now: () => performance.now(),
        });
      },
    )
    .command(
      'validate <files..>',
      'Check scenario files without running them',
      (y) => y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'Scenario YAML files' }).option('calibration', calibrationOption),
      (a) => {
        code = validateCommand(ctx, a.files, a.calibration);
      },
    )
    .command(
      'compare <a> [b]',
      'Compare results across seeds (one input: its spread) or across scenarios (A against B, paired by seed)',
      (y) =>
        y
          .positional('a', { type: 'string', demandOption: true, describe: 'A run file, an ensemble file, or a folder of run files' })
          .positional('b', { type: 'string', describe: 'Another, to compare A with' })
          .option('month', { type: 'string', array: true, default: [], describe: 'Also compare values at this month (YYYY-MM); ensembles must have kept it (run --month)' })
          .option('indicator', { type: 'string', array: true, default: [], describe: 'Only these indicators (default: the headline ones in the table, all in --json/--csv)' })
          .option('all', { type: 'boolean', default: false, describe: 'Every indicator in the table' })
          .option('json', { type: 'boolean', default: false, describe: 'Machine-readable JSON' })
          .option('csv', { type: 'boolean', default: false, describe: 'Tidy CSV: one row per indicator × statistic' })
          .option('unpaired', { type: 'boolean', default: false, describe: 'Treat A and B as independent samples instead of pairing runs by seed' })
          .option('resamples', { type: 'string', default: '2000', describe: 'Bootstrap resamples' })
          .option('level', { type: 'number', default: 0.95, describe: 'Confidence level of the interval' })
          .option('bootstrap-seed', { type: 'string', default: '1', describe: 'Seed of the bootstrap (the output is reproducible for a given seed)' })
          .example('$0 compare results/strict.json results/baseline.json', 'Strict sanctions against the baseline, paired by seed')
          .example('$0 compare results/baseline-runs/ --csv > spread.csv', 'Spread across the seeds in a folder of runs'),
      (a) => {
        if (a.json && a.csv) throw new UsageError('Choose one of --json and --csv');
        if (!(a.level > 0 && a.level < 1)) throw new UsageError('--level must be between 0 and 1, e.g. 0.95');
        code = compareCommand(ctx, {
          a: a.a,
          b: a.b,
          months: a.month.map(String),
          indicators: a.indicator.map(String),
          all: a.all,
          format: a.json ? 'json' : a.csv ? 'csv' : 'table',
          unpaired: a.unpaired,
          resamples: integerOption('--resamples', a.resamples, 100, 1_000_000)!,
          level: a.level,
          bootstrapSeed: integerOption('--bootstrap-seed', a['bootstrap-seed'], 0, 4294967295)!,
        });
      },
    )
    .command(
      'sweep <scenario>',
      'Run an ensemble at every point of a grid or Latin hypercube over doctrine weights or parameters, and mark the Pareto frontier',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML file' })
          .option('vary', { type: 'string', array: true, default: [], describe: 'PATH=FROM:TO:COUNT or PATH=v1,v2,… (grid), PATH=LOW:HIGH (lhs); PATH is doctrine.<weight>, doctrine.affinity.<RU|CN|EU|US> or parameters.<id>' })
          .option('design', { choices: ['grid', 'lhs'] as const, default: 'grid' as const, describe: 'Grid of every combination, or a Latin hypercube sample' })
          .option('points', { type: 'string', describe: 'Latin hypercube: number of points (default 20)' })
          .option('design-seed', { type: 'string', default: '1', describe: 'Latin hypercube: seed of the sample' })
          .option('seeds', { type: 'string', default: '1..10', describe: 'Seeds run at every point (the same at each: common random numbers)' })
          .option('objective', { type: 'string', array: true, default: [], describe: `INDICATOR:max or INDICATOR:min; the frontier is over these (default ${DEFAULT_OBJECTIVES.join(' ')})` })
          .option('statistic', { choices: ['final', 'mean'] as const, default: 'final' as const, describe: "Each run's final value or its mean over the horizon" })
          .option('workers', workersOption)
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress bar and no frontier table' })
          .option('out', { type: 'string', describe: 'Result file (default: results/<scenario>-sweep.json)' })
          .option('force', forceOption)
          .option('firms', firmsOption)
          .option('calibration', calibrationOption)
          .option('shard', shardOption)
          .example('$0 sweep scenarios/baseline-2022.yaml --vary doctrine.concentration=0:2:5 --vary doctrine.sanctionsSafety=0:2:5 --seeds 1..20', 'A 5 × 5 grid of doctrines, 20 seeds each')
          .example('$0 sweep scenarios/baseline-2022.yaml --design lhs --points 30 --vary doctrine.affinity.RU=-0.5:0.5 --vary doctrine.affinity.EU=-0.5:0.5', 'A Latin hypercube of 30 points'),
      (a) => {
        pending = sweepCommand(ctx, {
          scenario: a.scenario,
          vary: a.vary.map(String),
          design: a.design,
          points: integerOption('--points', a.points, 2, 100_000),
          designSeed: integerOption('--design-seed', a['design-seed'], 0, 4294967295)!,
          seeds: a.seeds,
          objectives: a.objective.map(String),
          statistic: a.statistic,
          ...pooledRunOptions(a),
          shard: shardOf(a.shard),
        });
      },
    )
    .command(
      'sensitivity <scenario>',
      "Which assumptions matter: a Morris screening or Sobol' indices of a scenario's outcomes, or of its effect against a baseline, over the assumptions' plausible ranges",
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML file' })
          .option('against', { type: 'string', describe: 'Baseline scenario: analyse the paired difference scenario − baseline (the effect), not the level' })
          .option('method', { choices: ['morris', 'sobol'] as const, default: 'morris' as const, describe: "Morris elementary effects (screening) or Sobol' first- and total-order indices" })
          .option('params', { type: 'string', array: true, default: [], describe: 'Factors: parameter ids with a plausible range, or doctrine.<weight> (range [0, 2])' })
          .option('group', { type: 'string', array: true, default: [], describe: "Factors: every assumption of a calibration group (trade, grey, oil, sanctions, powers, kazakhstan, economy, security, stability), or doctrine" })
          .option('all-assumptions', { type: 'boolean', default: false, describe: 'Factors: every assumption of the calibration' })
          .option('trajectories', { type: 'string', default: '10', describe: 'Morris: number of trajectories (or radial blocks) r' })
          .option('levels', { type: 'string', default: '4', describe: 'Morris trajectories: grid levels (even)' })
          .option('design', { choices: ['trajectory', 'radial'] as const, default: 'trajectory' as const, describe: 'Morris: trajectories on a grid, or a radial design on a Sobol\' sequence' })
          .option('samples', { type: 'string', default: '256', describe: "Sobol': base samples N (a power of two); N × (factors + 2) points" })
          .option('seeds', { type: 'string', default: '1..5', describe: 'Seeds run at every point (the same at each: common random numbers); each output is their mean' })
          .option('outputs', { type: 'string', array: true, default: [], describe: `INDICATOR[:final|mean] (default ${DEFAULT_OUTPUTS.join(' ')})` })
          .option('design-seed', { type: 'string', default: '1', describe: 'Seed of the design and of the bootstrap' })
          .option('resamples', { type: 'string', default: '1000', describe: 'Bootstrap resamples for the intervals' })
          .option('level', { type: 'number', default: 0.95, describe: 'Confidence level of the intervals' })
          .option('workers', workersOption)
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress bar and no tables' })
          .option('out', { type: 'string', describe: 'Result file (default: results/<scenario>-<method>.json)' })
          .option('force', forceOption)
          .option('firms', firmsOption)
          .option('calibration', calibrationOption)
          .option('shard', shardOption)
          .example('$0 sensitivity scenarios/secondary-sanctions-strict.yaml --against scenarios/baseline-2022.yaml --all-assumptions --firms 2000', 'Which assumptions decide the effect of strict sanctions (Morris, r = 10)')
          .example("$0 sensitivity scenarios/baseline-2022.yaml --method sobol --group sanctions --samples 128 --outputs sanctions.designations", "Sobol' indices of designations over the sanctions assumptions"),
      (a) => {
        if (!(a.level > 0 && a.level < 1)) throw new UsageError('--level must be between 0 and 1, e.g. 0.95');
        const samples = integerOption('--samples', a.samples, 4, 1 << 20)!;
        if (a.method === 'sobol' && (samples & (samples - 1)) !== 0) throw new UsageError(`--samples ${samples}: a Sobol' analysis needs a power of two (e.g. 128, 256, 512), so that its convergence table compares balanced blocks`);
        const designSeed = integerOption('--design-seed', a['design-seed'], 0, 4294967295)!;
        const levels = integerOption('--levels', a.levels, 2, 100)!;
        if (levels % 2 !== 0) throw new UsageError(`--levels ${levels}: Morris trajectories need an even number of levels`);
        pending = sensitivityCommand(ctx, {
          scenario: a.scenario,
          against: a.against,
          spec:
            a.method === 'morris'
              ? { method: 'morris', design: a.design, trajectories: integerOption('--trajectories', a.trajectories, 2, 100_000)!, levels, designSeed }
              : { method: 'sobol', samples, designSeed },
          outputs: a.outputs.map(String),
          resamples: integerOption('--resamples', a.resamples, 100, 100_000)!,
          ...designRunOptions(a),
          shard: shardOf(a.shard),
        });
      },
    )
    .command(
      'robustness <scenario>',
      'How much of the plausible assumption space supports a claim: the share of a Latin hypercube over the assumptions in which it holds, with its interval, and the assumptions that decide it',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML file' })
          .option('against', { type: 'string', describe: 'Baseline scenario: claims are about the paired difference scenario − baseline (the effect)' })
          .option('claim', { type: 'string', array: true, default: [], describe: '"INDICATOR[:final|mean] OP NUMBER", OP one of > < >= <=; repeat for several claims' })
          .option('samples', { type: 'string', default: '100', describe: 'Points of the Latin hypercube' })
          .option('params', { type: 'string', array: true, default: [], describe: 'Vary only these (parameter ids with a plausible range, or doctrine.<weight>)' })
          .option('group', { type: 'string', array: true, default: [], describe: 'Vary only the assumptions of these calibration groups (or doctrine)' })
          .option('all-assumptions', { type: 'boolean', default: false, describe: 'Vary every assumption (the default when no --params or --group is given)' })
          .option('seeds', { type: 'string', default: '1..5', describe: 'Seeds run at every point (the same at each); a claim is judged on their mean' })
          .option('design-seed', { type: 'string', default: '1', describe: 'Seed of the Latin hypercube' })
          .option('level', { type: 'number', default: 0.95, describe: 'Confidence level of the interval' })
          .option('workers', workersOption)
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress bar and no tables' })
          .option('out', { type: 'string', describe: 'Result file (default: results/<scenario>-robustness.json)' })
          .option('force', forceOption)
          .option('firms', firmsOption)
          .option('calibration', calibrationOption)
          .option('shard', shardOption)
          .example('$0 robustness scenarios/secondary-sanctions-strict.yaml --against scenarios/baseline-2022.yaml --claim "sanctions.exposure:final < 0" --claim "economy.gdpIndex:final < 0"', 'Do strict sanctions lower exposure and output across the plausible assumptions?'),
      (a) => {
        if (!(a.level > 0 && a.level < 1)) throw new UsageError('--level must be between 0 and 1, e.g. 0.95');
        pending = robustnessCommand(ctx, {
          scenario: a.scenario,
          against: a.against,
          claims: a.claim.map(String),
          samples: integerOption('--samples', a.samples, 2, 1_000_000)!,
          designSeed: integerOption('--design-seed', a['design-seed'], 0, 4294967295)!,
          ...designRunOptions(a),
          shard: shardOf(a.shard),
        });
      },
    )
    .command(
      'merge <partials..>',
      'Merge the partial files of a sharded run --seeds, sweep, sensitivity or robustness (run with --shard I/N) into the file one machine would have written, byte for byte',
      (y) =>
        y
          .positional('partials', { type: 'string', array: true, demandOption: true, describe: 'Partial files, or folders of them (*.part-I-of-N.json)' })
          .option('out', { type: 'string', describe: 'Result file (default: where the command itself writes)' })
          .option('force', forceOption)
          .option('verify', { type: 'string', default: '0', describe: 'Run this many jobs (seeds, points) again here, chosen at random, and check them against the partials before writing' })
          .option('verify-seed', { type: 'string', default: '1', describe: 'Seed of the jobs --verify picks' })
          .option('workers', workersOption)
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress bar' })
          .example('$0 merge results/ --out results/baseline-ensemble.json', 'Every *.part-I-of-N.json in results/')
          .example('$0 merge parts/*.part-*.json --verify 5', 'Check five jobs on this machine first'),
      (a) => {
        pending = mergeCommand(ctx, {
          partials: a.partials.map(String),
          out: a.out,
          force: a.force,
          verify: integerOption('--verify', a.verify, 0, 1_000_000)!,
          verifySeed: integerOption('--verify-seed', a['verify-seed'], 0, 4294967295)!,
          workers: integerOption('--workers', a.workers, 1, MAX_WORKERS),
          quiet: a.quiet,
          now: () => performance.now(),
        });
      },
    )
    .command(
      'eval',
      'Run jobs given as JSON lines on standard input ({"scenario": FILE or {…}, "seed": N, "parameters": {…}, "firms": N, "outputs": ["IND:final", …], "id": …}) and write one JSON result line per job, in order',
      (y) =>
        y
          .option('calibration', calibrationOption)
          .example(`echo '{"scenario": "scenarios/baseline-2022.yaml", "seed": 3, "parameters": {"grey.margin": 0.3}, "outputs": ["economy.gdpIndex:final"]}' | $0 eval`, 'One run, one line back'),
      (a) => {
        pending = evalCommand(ctx, { calibration: a.calibration });
      },
    )
    .command(
      'export <inputs..>',
      'Runs (result files, folders of them, e.g. --keep-runs) and ensembles\' series files (--keep-series) as one long table for pandas, polars or R: a row per scenario, seed, step, month and indicator',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'Run result files, series files, or folders of them' })
          .option('format', { choices: ['csv', 'arrow'] as const, default: 'csv' as const, describe: 'CSV, or an Apache Arrow IPC file (Feather v2)' })
          .option('out', { type: 'string', describe: 'File to write (a CSV without --out goes to standard output)' })
          .option('force', forceOption)
          .example('$0 export results/course/runs --format arrow --out results/runs.arrow', 'pandas: pd.read_feather("results/runs.arrow")')
          .example('$0 run scenarios/baseline-2022.yaml --seeds 1..100 --keep-series results/base-series.json && $0 export results/base-series.json --out results/base.csv', 'An ensemble\'s trajectories, every seed'),
      (a) => {
        pending = exportCommand(ctx, { inputs: a.inputs.map(String), format: a.format, out: a.out, force: a.force });
      },
    )
    .command(
      'discover <result>',
      'Scenario discovery: PRIM over the points of a sensitivity, robustness or sweep result, for the region of the assumptions where a condition on an outcome holds, stated in plain language',
      (y) =>
        y
          .positional('result', { type: 'string', demandOption: true, describe: 'A sensitivity, robustness or sweep result file' })
          .option('where', { type: 'string', demandOption: true, describe: '"INDICATOR[:final|mean] OP NUMBER": the cases of interest, e.g. "economy.gdpIndex:final > 0"' })
          .option('min-coverage', { type: 'number', default: 0.5, describe: 'Take the densest box on the peeling trajectory that still holds this share of the cases' })
          .option('box', { type: 'string', describe: 'Take this box of the trajectory instead (its index in the table)' })
          .option('json', { type: 'boolean', default: false, describe: 'Machine-readable JSON: the whole trajectory, the box and its rules' })
          .example('$0 discover results/secondary-sanctions-strict-robustness.json --where "economy.gdpIndex:final > 0"', 'Where in the assumptions do strict sanctions raise output?'),
      (a) => {
        if (!(a['min-coverage'] >= 0 && a['min-coverage'] <= 1)) throw new UsageError('--min-coverage must be between 0 and 1, e.g. 0.5');
        code = discoverCommand(ctx, { result: a.result, where: a.where, minCoverage: a['min-coverage'], box: integerOption('--box', a.box, 0, 100_000), json: a.json });
      },
    )
    .command(
      'explain <result>',
      "Tell in plain language what happened in a run or an ensemble, which power moved which exposure and by how much, and what Kazakhstan decided and why",
      (y) =>
        y
          .positional('result', { type: 'string', demandOption: true, describe: 'A run or ensemble result file' })
          .option('json', { type: 'boolean', default: false, describe: 'The same content as JSON' })
          .option('decompose-seeds', { type: 'string', default: '20', describe: 'Ensembles: decompose the first N seeds (16 counterfactual runs each)' })
          .option('workers', { type: 'string', describe: 'Worker threads for the counterfactual runs (default: the number of cores)' })
          .option('calibration', calibrationOption)
          .example('$0 explain results/secondary-sanctions-strict-seed1.json', ''),
      (a) => {
        pending = explainCommand(ctx, {
          result: a.result,
          json: a.json,
          decomposeSeeds: integerOption('--decompose-seeds', a['decompose-seeds'], 1, 10_000)!,
          workers: integerOption('--workers', a.workers, 1, MAX_WORKERS),
          calibration: a.calibration,
        });
      },
    )
    .command(
      'report <results..>',
      'Write one self-contained HTML report of runs, ensembles and sweeps: fan charts, scenario against baseline, exposure by source, the sweep frontier and the explanations',
      (y) =>
        y
          .positional('results', { type: 'string', array: true, demandOption: true, describe: 'Run, ensemble or sweep result files' })
          .option('out', { type: 'string', demandOption: true, describe: 'The HTML file to write' })
          .option('baseline', { type: 'string', describe: 'A run or ensemble to draw every other one against (default: the first input whose scenario is named baseline*)' })
          .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing report' })
          // more than explain's 20: the report's decomposition then covers every seed of an ensemble of up to 100, the same seeds as its other tables
          .option('decompose-seeds', { type: 'string', default: '100', describe: 'Ensembles: decompose the first N seeds for the explanation (all of them when there are no more than N)' })
          .option('workers', { type: 'string', describe: 'Worker threads for the counterfactual runs (default: the number of cores)' })
          .option('calibration', calibrationOption)
          .example('$0 report results/strict.json results/baseline.json --out report.html', ''),
      (a) => {
        pending = reportCommand(ctx, {
          results: a.results.map(String),
          out: a.out,
          baseline: a.baseline,
          force: a.force,
          decomposeSeeds: integerOption('--decompose-seeds', a['decompose-seeds'], 1, 10_000)!,
          workers: integerOption('--workers', a.workers, 1, MAX_WORKERS),
          calibration: a.calibration,
        });
      },
    )
    .command('schema', 'Print the JSON Schema of the scenario format', (y) => y, () => {
      code = schemaCommand(ctx);
    })
    .command(
      'calibration',
      'Print the calibration table: documented figures, statistics, sources, and what the model reproduces',
      (y) =>
        y
          .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
          .option('assumptions', { type: 'boolean', default: false, describe: 'Also list every assumption with its rationale and range' })
          .option('figures', { type: 'boolean', default: false, describe: 'Print instead every quantitative statement in the source documents, by document, used or not and why' })
          .option('calibration', calibrationOption),
      (a) => {
        code = calibrationCommand(ctx, { json: a.json, assumptions: a.assumptions, figures: a.figures, calibration: a.calibration });
      },
    )
    .demandCommand(1, 'Name a command: run, compare, sweep, sensitivity, robustness, discover, explain, report, validate, schema or calibration')
    .strict()
    .middleware((a) => {
      // An option given twice becomes an array; only the list options mean that (--vary, --claim, …). For any other, refuse rather than guess which one was meant.
      for (const [key, value] of Object.entries(a)) {
        if (key === '_' || key === '$0' || !Array.isArray(value) || LIST_OPTIONS.has(key)) continue;
        if (/[A-Z]/.test(key)) continue; // yargs' camel-case alias of a dashed option: reported under its own name
        throw new UsageError(`--${key} is given ${value.length} times; give it once`);
      }
    }, true)
    .help()
    .alias('h', 'help')
    .version(ENGINE_VERSION)
    .alias('V', 'version')
    // Wrapped at word boundaries by the terminal, not cut inside words at a fixed width.
    .wrap(null)
    .exitProcess(false);

  try {
    const failure = await new Promise<string | undefined>((resolve, reject) => {
      parser.parse([...argv], {}, (err, _argv, output) => {
        if (err) {
          if (err instanceof UsageError) reject(err);
          else resolve(`${err.message}. Run \`mvsim ${argv[0] && !argv[0].startsWith('-') ? `${argv[0]} ` : ''}--help\` for the options.`);
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
    if (pending) code = await pending;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  return code;
}

/** Text with every control character but newline, tab and carriage return shown escaped (e.g. ESC as \\u001b). */
// eslint-disable-next-line no-control-regex
const printable = (text: string): string => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (c) => JSON.stringify(c).slice(1, -1));

/** The most worker threads a command may start: each holds its own JavaScript heap (about 20 MB), and more threads than cores only queue. */
const MAX_WORKERS = 32;

/** The options `sensitivity` and `robustness` share, as their commands take them: the factors, the seeds at each point, the interval's level and where and how to run. */
function designRunOptions(a: {
  readonly params: readonly (string | number)[];
  readonly group: readonly (string | number)[];
  readonly 'all-assumptions': boolean;
  readonly seeds: string;
  readonly level: number;
  readonly workers?: string | undefined;
  readonly out?: string | undefined;
  readonly force: boolean;
  readonly firms?: string | undefined;
  readonly calibration?: string | undefined;
  readonly quiet: boolean;
}) {
  return { params: a.params.map(String), groups: a.group.map(String), allAssumptions: a['all-assumptions'], seeds: a.seeds, level: a.level, ...pooledRunOptions(a) };
}

/** How and where a command that runs many scenarios on the worker pool runs and writes (sweep, sensitivity, robustness). */
function pooledRunOptions(a: { readonly workers?: string | undefined; readonly out?: string | undefined; readonly force: boolean; readonly firms?: string | undefined; readonly calibration?: string | undefined; readonly quiet: boolean }) {
  return {
    workers: integerOption('--workers', a.workers, 1, MAX_WORKERS),
    out: a.out,
    force: a.force,
    firms: integerOption('--firms', a.firms, 1, 1_000_000),
    calibration: a.calibration,
    quiet: a.quiet,
    now: () => performance.now(),
  };
}

/** Options (and positionals) that take a list: repeating them adds to it. */
const LIST_OPTIONS: ReadonlySet<string> = new Set(['vary', 'month', 'indicator', 'objective', 'claim', 'params', 'group', 'outputs', 'results', 'files', 'partials', 'inputs']);

/**
 * An optional integer option, checked in the handler so that a bad value stops the
 * command before it does anything. Only plain decimal digits are accepted (no 0x10, 1e3,
 * 1.0 or +5), a flag given without a value or twice is refused, with a message that
 * says which.
 */
function integerOption(flag: string, raw: unknown, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new UsageError(`${flag} is given ${raw.length} times; give it once`);
  const text = String(raw);
  if (text === '') throw new UsageError(`${flag} needs a value: an integer in [${min}, ${max}]`);
  if (!/^(0|[1-9][0-9]*)$/.test(text)) throw new UsageError(`${flag} ${JSON.stringify(text)} is not a whole number written in decimal digits: expected an integer in [${min}, ${max}]`);
  const value = Number(text);
  if (!(value >= min && value <= max)) throw new UsageError(`${flag} ${text} is out of range: expected an integer in [${min}, ${max}]`);
  return value;
}
