import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnsembleAggregator, summariseSeed, type SeedOutcome } from '../src/analysis/ensemble.js';
import { QUANTILE_METHODS, SKETCH_RELATIVE_ACCURACY } from '../src/analysis/cellQuantiles.js';
import { INDICATOR_NAMES } from '../src/model/indicators.js';
import { runOrdered } from '../src/parallel/orderedPool.js';
import { EnsembleResultSchema, type EnsembleResult } from '../src/results/ensembleResult.js';
import { RunResultSchema } from '../src/results/runResult.js';
import { simulateScenario } from '../src/runner/runScenario.js';
import { runSeedJob } from '../src/runner/seedJob.js';
import { CALIBRATION, ROOT, cli, loadShipped, tempDir } from './_helpers.js';

const BASELINE = join(ROOT, 'scenarios/baseline-2022.yaml');
const read = (path: string): Buffer => readFileSync(path);
const ensemble = (path: string): EnsembleResult => EnsembleResultSchema.parse(JSON.parse(readFileSync(path, 'utf8')));

/** The exact quantile the sketches approximate: the lower order statistic at rank q(n - 1). */
const lowerOrderStatistic = (values: readonly number[], q: number): number => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;
/** numpy's and pandas' default quantile (linear, R type 7), written out independently: the weighted mean of the two order statistics around rank q(n - 1). */
const linearQuantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const h = q * (sorted.length - 1);
  const lo = Math.floor(h);
  const w = h - lo;
  return w === 0 ? sorted[lo]! : (1 - w) * sorted[lo]! + w * sorted[lo + 1]!;
};

describe('ensembles (run --seeds)', () => {
  it('gives the same bytes whatever the number of workers', async () => {
    const dir = tempDir();
    const files = [1, 2, 3].map((w) => join(dir, `w${w}.json`));
    for (const [i, out] of files.entries()) {
      const r = await cli(['run', BASELINE, '--seeds', '1..12', '--firms', '300', '--workers', String(i + 1), '--out', out]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
    }
    expect(read(files[1]!)).toEqual(read(files[0]!));
    expect(read(files[2]!)).toEqual(read(files[0]!));
    const doc = ensemble(files[0]!);
    expect(doc.runs).toEqual({ requested: 12, completed: 12, failed: 0 });
    expect(doc.seeds).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('other seeds give another ensemble, and the same seeds the same bytes', async () => {
    const dir = tempDir();
    for (const [name, seeds] of [['a', '1..6'], ['b', '1..6'], ['c', '7..12']] as const) await cli(['run', BASELINE, '--seeds', seeds, '--firms', '300', '--out', join(dir, `${name}.json`)]);
    expect(read(join(dir, 'b.json'))).toEqual(read(join(dir, 'a.json')));
    expect(ensemble(join(dir, 'c.json')).series['kz.compliance']!.mean).not.toEqual(ensemble(join(dir, 'a.json')).series['kz.compliance']!.mean);
  });

  it('streaming statistics match exact ones computed from the runs (mean, sd to 1e-9; quantiles exact, as numpy and pandas compute them)', async () => {
    const dir = tempDir();
    const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
    expect((await cli(['run', BASELINE, '--seeds', '1..40', '--firms', '300', '--out', join(dir, 'e.json'), '--keep-runs', join(dir, 'runs')])).code).toBe(0);
    const doc = ensemble(join(dir, 'e.json'));
    const runs = seeds.map((s) => RunResultSchema.parse(JSON.parse(readFileSync(join(dir, 'runs', `baseline-2022-seed${String(s).padStart(2, '0')}.json`), 'utf8'))));
    for (const name of INDICATOR_NAMES) {
      const stats = doc.series[name]!;
      for (let k = 0; k < doc.months.length; k++) {
        const xs = runs.map((r) => r.series[name]![k]!);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
        const where = `${name} step ${k}`;
        expect(Math.abs(stats.mean[k]! - mean), where).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean)));
        expect(Math.abs(stats.sd![k]! - sd), where).toBeLessThanOrEqual(1e-9 * Math.max(1, sd));
        expect(stats.min[k], where).toBe(Math.min(...xs));
        expect(stats.max[k], where).toBe(Math.max(...xs));
        for (const [label, q] of [['p5', 0.05], ['p25', 0.25], ['p50', 0.5], ['p75', 0.75], ['p95', 0.95]] as const) {
          const exact = linearQuantile(xs, q);
          // the file rounds to 12 significant digits
          expect(Math.abs(stats[label][k]! - exact), `${where} ${label}`).toBeLessThanOrEqual(1e-11 * Math.max(1e-300, Math.abs(exact)));
        }
      }
    }
    // event frequencies are exact
    const firedIn = (kind: string) => runs.filter((r) => r.events.some((e) => (e.kind === 'decision' ? `decision.${e.detail}` : e.kind) === kind)).length;
    for (const [kind, f] of Object.entries(doc.events)) expect(f.runs, kind).toBe(firedIn(kind));
    expect(doc.events['decision.hold']!.share).toBe(firedIn('decision.hold') / 40);
    // per-seed values equal the summaries in the seeds' own run files
    doc.perSeed.seeds.forEach((seed, i) => {
      const run = runs[seed - 1]!;
      expect(run.seed).toBe(seed);
      for (const name of INDICATOR_NAMES) {
        expect(doc.perSeed.final[name]![i]).toBe(run.summary.indicators[name]!.final);
        expect(doc.perSeed.mean[name]![i]).toBe(run.summary.indicators[name]!.mean);
      }
    });
  });

  it('--keep-runs writes each run exactly as `mvsim run --seed` would', async () => {
    const dir = tempDir();
    expect((await cli(['run', BASELINE, '--seeds', '4..6', '--firms', '300', '--out', join(dir, 'e.json'), '--keep-runs', join(dir, 'runs')])).code).toBe(0);
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual(['baseline-2022-seed4.json', 'baseline-2022-seed5.json', 'baseline-2022-seed6.json']);
    await cli(['run', BASELINE, '--seed', '5', '--firms', '300', '--out', join(dir, 'single.json')]);
    expect(read(join(dir, 'runs', 'baseline-2022-seed5.json'))).toEqual(read(join(dir, 'single.json')));
  });

  it('--month keeps per-seed values at that month', async () => {
    const dir = tempDir();
    expect((await cli(['run', BASELINE, '--seeds', '1..3', '--firms', '300', '--month', '2023-03', '--out', join(dir, 'e.json'), '--keep-runs', join(dir, 'runs')])).code).toBe(0);
    const doc = ensemble(join(dir, 'e.json'));
    const run2 = RunResultSchema.parse(JSON.parse(readFileSync(join(dir, 'runs', 'baseline-2022-seed2.json'), 'utf8')));
    expect(doc.perSeed.months['2023-03']!['kz.compliance']![1]).toBe(run2.series['kz.compliance']![12]);
  });

  it('shows progress only on a terminal and not with --quiet', async () => {
    const dir = tempDir();
    const piped = await cli(['run', BASELINE, '--seeds', '1..3', '--firms', '200', '--out', join(dir, 'a.json')], ROOT, false);
    expect(piped.stderr).toBe('');
    const tty = await cli(['run', BASELINE, '--seeds', '1..3', '--firms', '200', '--out', join(dir, 'b.json')], ROOT, true);
    expect(tty.stderr).toMatch(/\[#+\] 3\/3 100% [\d.]+\/s ETA 0:00/);
    const quiet = await cli(['run', BASELINE, '--seeds', '1..3', '--firms', '200', '--out', join(dir, 'c.json'), '--quiet'], ROOT, true);
    expect(quiet.stderr).toBe('');
    expect(read(join(dir, 'b.json'))).toEqual(read(join(dir, 'a.json')));
  });

  it('rejects bad ensemble options with exit 2 and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'taken.json'), '{}');
    const cases: [string[], RegExp][] = [
      [['--seeds', '5..1'], /runs backwards/],
      [['--seeds', '1,2,2'], /listed twice/],
      [['--seeds', 'one..ten'], /not a seed or a range/],
      [['--seeds', '1..3', '--seed', '4'], /either --seed .* or --seeds/],
      [['--seeds', '1..3', '--workers', '0'], /--workers 0 is out of range: expected an integer in \[1, 32\]/],
      [['--seed'], /--seed needs a value/],
      [['--seed', '0x10'], /--seed "0x10" is not a whole number written in decimal digits/],
      [['--seed', '1e3'], /--seed "1e3" is not a whole number/],
      [['--seed', '1', '--seed', '2'], /--seed is given 2 times; give it once/],
      [['--seeds', '1..3', '--workers', '1.5'], /--workers "1.5" is not a whole number/],
      [['--seeds', '1..3', '--month', '2030-01'], /not a month of this run/],
      [['--keep-runs', 'runs'], /applies to ensembles/],
      [['--workers', '2'], /applies to ensembles/],
      [['--seeds', '1..3', '--out', 'taken.json'], /already exists; pass --force/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['run', BASELINE, '--firms', '100', ...args], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readdirSync(dir)).toEqual(['taken.json']);
    // an existing run file in --keep-runs is refused before anything runs
    writeFileSync(join(dir, 'baseline-2022-seed2.json'), '{}');
    const clash = await cli(['run', BASELINE, '--firms', '100', '--seeds', '1..3', '--keep-runs', '.', '--out', 'e.json'], dir);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/baseline-2022-seed2.json already exists/);
    expect(existsSync(join(dir, 'e.json'))).toBe(false);
    // many clashes are named ten at a time, the rest counted
    for (let seed = 1; seed <= 15; seed++) writeFileSync(join(dir, `baseline-2022-seed${String(seed).padStart(2, '0')}.json`), '{}');
    const many = await cli(['run', BASELINE, '--firms', '100', '--seeds', '1..15', '--keep-runs', '.', '--out', 'e.json'], dir);
    expect(many.code).toBe(2);
    expect(many.stderr.match(/already exists; pass --force/g)).toHaveLength(10);
    expect(many.stderr).toContain('…and 5 more files that already exist');
    expect(existsSync(join(dir, 'e.json'))).toBe(false);
  });
});

describe('failed seeds', () => {
  it('a seed whose invariants break is reported with its seed and cause, not lost', () => {
    const inputs = loadShipped('baseline-2022.yaml');
    const broken = { ...inputs, calibration: { ...CALIBRATION, params: { ...CALIBRATION.params, 'kz.alignment0.RU': Number.NaN } } };
    const job = runSeedJob({ setup: broken, keepRuns: false }, 7);
    expect(job.outcome.ok).toBe(false);
    expect(!job.outcome.ok && job.outcome.issues[0]!.message).toMatch(/invariant broken at step 0 .*kz\.alignment/);
  });

  it('the ensemble counts failures and lists them, and its statistics cover only completed seeds', () => {
    const inputs = loadShipped('baseline-2022.yaml');
    const scenario = { ...inputs.scenario, horizon: 3 };
    const agg = new EnsembleAggregator({ engineVersion: 'test', scenario, scenarioSha256: 'a'.repeat(64), calibrationSha256: 'b'.repeat(64), firms: 100, seeds: [1, 2, 3], keepMonths: [] });
    const ok = (seed: number): SeedOutcome => {
      const sim = simulateScenario({ ...inputs, scenario, seed, firms: 100 });
      if (!sim.ok) throw new Error('unexpected breach');
      return { ok: true, summary: summariseSeed(sim.output) };
    };
    agg.add(1, ok(1));
    agg.add(2, { ok: false, issues: [{ code: 'RUN_FAILED', severity: 'error', path: [], message: 'worker died: out of memory' }] });
    agg.add(3, ok(3));
    const doc = agg.result()!;
    expect(doc.runs).toEqual({ requested: 3, completed: 2, failed: 1 });
    expect(doc.failures).toEqual([{ seed: 2, error: 'worker died: out of memory' }]);
    expect(doc.perSeed.seeds).toEqual([1, 3]);
    expect(doc.seeds).toEqual([1, 2, 3]);
    // the quantiles are of the two completed seeds, not of the slot sized for the failed one: the median of two is their mean
    for (const name of ['sanctions.exposure', 'economy.gdpIndex', 'kz.compliance']) {
      const s = doc.series[name]!;
      const finals = doc.perSeed.final[name]!;
      expect(s.p50[3], name).toBeCloseTo((finals[0]! + finals[1]!) / 2, 10);
      expect(s.p5[3]! <= s.p50[3]! && s.p50[3]! <= s.p95[3]!, name).toBe(true);
      expect(s.min[3], name).toBe(Math.min(...finals));
    }
    // and asking again, or after more seeds, gives what the seeds so far give (the values are sorted in place)
    expect(agg.result()).toEqual(doc);
  });

  it('the pool delivers results in job order whatever order workers finish in, and reports a job whose worker died', async () => {
    const jobs = Array.from({ length: 30 }, (_, i) => i);
    const seen: [number, number | string][] = [];
    await runOrdered<number, number | string>({
      script: join(ROOT, 'test/fixtures/scrambleWorker.mjs'),
      workers: 3,
      workerData: null,
      jobs,
      window: 6,
      onCrash: (job, error) => `job ${job}: ${error}`,
      onResult: (index, result) => void seen.push([index, result]),
    });
    expect(seen.map(([i]) => i)).toEqual(jobs);
    for (const [i, r] of seen) {
      if (i === 13) expect(r).toMatch(/^job 13: worker died: boom on job 13/);
      else if (typeof r === 'number') expect(r).toBe(i * 10);
      else expect(r, `job ${i} shared the dead worker's queue`).toMatch(/worker died: boom on job 13/);
    }
    expect(seen.filter(([, r]) => typeof r === 'string').length).toBeLessThanOrEqual(2);
  });


  it('a worker script that cannot start stops the whole run with its reason, instead of failing every job', async () => {
    const run = runOrdered<number, number>({ script: join(ROOT, 'test/fixtures/no-such-worker.mjs'), workers: 2, workerData: null, jobs: [1, 2, 3], onCrash: () => -1, onResult: () => undefined });
    await expect(run).rejects.toThrow(/a worker thread could not start: .*no-such-worker/);
  });
});

describe('streaming statistics (property)', () => {
  // exact quantiles while the values fit (every real ensemble up to about 2,000 seeds), sketches beyond: a limit of 0 forces the sketches
  for (const [mode, limit] of [['exact', undefined], ['sketch', 0]] as const) {
    it(`for any values, mean matches and every quantile is ${mode === 'exact' ? 'the exact linear quantile' : 'within the sketch accuracy of the exact order statistic'} (${mode})`, () => {
      const inputs = loadShipped('baseline-2022.yaml');
      const scenario = { ...inputs.scenario, horizon: 1 };
      const cols = INDICATOR_NAMES.length;
      const value = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.double({ min: 1, max: 5000, noNaN: true }));
      fc.assert(
        fc.property(fc.array(fc.array(value, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 60 }), (runs) => {
          const agg = new EnsembleAggregator({ engineVersion: 't', scenario, scenarioSha256: 'a'.repeat(64), calibrationSha256: 'b'.repeat(64), firms: 1, seeds: runs.map((_, i) => i), keepMonths: [] }, limit);
          runs.forEach(([v0, v1], i) => {
            const rows = new Float64Array(2 * cols);
            rows.fill(v0!, 0, cols);
            rows.fill(v1!, cols);
            agg.add(i, { ok: true, summary: { rows, events: [] } });
          });
          const doc = agg.result()!;
          expect(doc.method.quantiles).toBe(QUANTILE_METHODS[mode]);
          const s = doc.series['kz.compliance']!;
          for (const k of [0, 1]) {
            const xs = runs.map((r) => r[k]!);
            const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
            expect(Math.abs(s.mean[k]! - mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean)));
            for (const [label, q] of [['p5', 0.05], ['p50', 0.5], ['p95', 0.95]] as const) {
              if (mode === 'exact') {
                const exact = linearQuantile(xs, q);
                expect(Math.abs(s[label][k]! - exact)).toBeLessThanOrEqual(1e-11 * exact);
              } else {
                const exact = lowerOrderStatistic(xs, q);
                expect(Math.abs(s[label][k]! - exact)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * exact + 1e-12);
              }
            }
          }
        }),
        { seed: 20261123, numRuns: 150 },
      );
    });
  }

  it('an ensemble too large to keep every value says it used the sketches', () => {
    const inputs = loadShipped('baseline-2022.yaml');
    const seeds = Array.from({ length: 3000 }, (_, i) => i + 1);
    const agg = new EnsembleAggregator({ engineVersion: 't', scenario: inputs.scenario, scenarioSha256: 'a'.repeat(64), calibrationSha256: 'b'.repeat(64), firms: 1, seeds, keepMonths: [] });
    const rows = new Float64Array((inputs.scenario.horizon + 1) * INDICATOR_NAMES.length).fill(0.5);
    agg.add(1, { ok: true, summary: { rows, events: [] } });
    expect(agg.result()!.method.quantiles).toBe(QUANTILE_METHODS.sketch);
  });
});
