import { ENGINE_VERSION } from '../src/results/engineVersion.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareSamples, spreadOf, type CompareOptions } from '../src/analysis/compare.js';
import { FINAL, type Sample, type SampleMeta } from '../src/analysis/samples.js';
import { INDICATOR_NAMES } from '../src/model/indicators.js';
import { ROOT, cli, tempDir } from './_helpers.js';

const meta = (label: string): SampleMeta => ({ label, source: 'ensemble', file: `${label}.json`, scenario: label, scenarioSha256: 'a'.repeat(64), engineVersion: '0', calibrationSha256: 'b'.repeat(64), start: '2022-03', horizon: 36, firms: 1, assumptions: 'none' });
/** A sample with one indicator, x, at the final statistic. */
const sample = (label: string, seeds: readonly number[], values: readonly number[]): Sample => ({ meta: meta(label), seeds, values: new Map([[FINAL, new Map([['x', Float64Array.from(values)]])]]) });
const opts = (o: Partial<CompareOptions> = {}): CompareOptions => ({ paired: true, indicators: ['x'], stats: [FINAL], resamples: 1000, level: 0.95, seed: 1, ...o });
const row = (a: Sample, b: Sample, o: Partial<CompareOptions> = {}) => {
  const c = compareSamples(a, b, opts(o));
  if (!c.ok) throw new Error(c.issues[0]!.message);
  return c.comparison.rows[0]!;
};

describe('comparison statistics', () => {
  // B's values vary widely across seeds; A is B plus 0.5 on the same seed (common random numbers).
  const seeds = Array.from({ length: 50 }, (_, i) => i + 1);
  const bValues = seeds.map((s) => Math.sin(s * 12.9898) * 10);
  const B = sample('B', seeds, bValues);
  const A = sample('A', seeds, bValues.map((v) => v + 0.5));

  it('pairs runs by seed, whatever order or overlap the seeds come in', () => {
    const paired = row(A, B);
    expect(paired.difference).toBeCloseTo(0.5, 12);
    expect([paired.ciLow, paired.ciHigh]).toEqual([0.5, 0.5].map((v) => expect.closeTo(v, 12)));
    expect(paired.pAGreater).toBe(1);
    // B listed in another order and with seeds A lacks: pairs still match by seed
    const shuffled = [...seeds].reverse();
    const Bmore = sample('B', [...shuffled, 99, 100], [...shuffled.map((s) => Math.sin(s * 12.9898) * 10), 7, 8]);
    const c = compareSamples(A, Bmore, opts());
    expect(c.ok && c.comparison.pairing).toEqual({ paired: true, seeds: 50, onlyInA: 0, onlyInB: 2 });
    expect(c.ok && c.comparison.rows[0]!.difference).toBeCloseTo(0.5, 12);
  });

  it('without pairing the same data give a wide interval that contains 0.5 and a small effect', () => {
    const r = row(A, B, { paired: false });
    expect(r.difference).toBeCloseTo(0.5, 12);
    expect(r.ciLow).toBeLessThan(0);
    expect(r.ciHigh).toBeGreaterThan(0.5);
    expect(Math.abs(r.effectSize!)).toBeLessThan(0.2);
    expect(r.pAGreater).toBeGreaterThan(0.5);
    expect(r.pAGreater).toBeLessThan(0.6);
  });

  it('the bootstrap is reproducible for a fixed seed and changes with it', () => {
    const noisyA = sample('A', seeds, bValues.map((v, i) => v + 0.5 + Math.cos(i * 3.1)));
    expect(row(noisyA, B, { seed: 7 })).toEqual(row(noisyA, B, { seed: 7 }));
    const other = row(noisyA, B, { seed: 8 });
    expect(other.difference).toBe(row(noisyA, B, { seed: 7 }).difference);
    expect([other.ciLow, other.ciHigh]).not.toEqual([row(noisyA, B, { seed: 7 }).ciLow, row(noisyA, B, { seed: 7 }).ciHigh]);
  });

  it('refuses to pair samples with no seeds in common', () => {
    const c = compareSamples(A, sample('C', [101, 102], [1, 2]), opts());
    expect(c.ok).toBe(false);
    expect(!c.ok && c.issues[0]!.message).toMatch(/no seeds in common \(50 seeds, 1\.\.50 vs 2 seeds, 101\.\.102\).*--unpaired/);
  });

  it('effect size is undefined (null) when differences do not vary', () => {
    expect(row(A, B).effectSize).toBeNull();
  });

  it('properties: P(A>B) + P(B>A) = 1, the interval is ordered, and the spread is ordered', () => {
    const values = fc.array(fc.integer({ min: -100_000, max: 100_000 }).map((v) => v / 1000), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(values, values, fc.boolean(), (xa, xb, paired) => {
        const n = paired ? Math.min(xa.length, xb.length) : undefined;
        const a = sample('A', xa.slice(0, n).map((_, i) => i), xa.slice(0, n));
        const b = sample('B', xb.slice(0, n).map((_, i) => i), xb.slice(0, n));
        const ab = row(a, b, { paired, resamples: 200 });
        const ba = row(b, a, { paired, resamples: 200 });
        expect(ab.pAGreater + ba.pAGreater).toBeCloseTo(1, 9);
        expect(ab.ciLow).toBeLessThanOrEqual(ab.ciHigh);
        expect(ab.difference).toBeCloseTo(-ba.difference, 6);
        const s = spreadOf(a, ['x'], [FINAL])[0]!;
        expect([s.min, s.p5, s.p25, s.p50, s.p75, s.p95, s.max]).toEqual([...[s.min, s.p5, s.p25, s.p50, s.p75, s.p95, s.max]].sort((p, q) => p - q));
      }),
      { seed: 20261123, numRuns: 100 },
    );
  });
});

describe('mvsim compare', () => {
  let dir = '';
  const scenario = (name: string) => join(ROOT, 'scenarios', name);
  beforeAll(async () => {
    dir = tempDir();
    const go = async (...args: string[]) => expect((await cli(args, dir)).code, args.join(' ')).toBe(0);
    await go('run', scenario('secondary-sanctions-strict.yaml'), '--seeds', '1..8', '--firms', '300', '--out', 'strict.json', '--keep-runs', 'strict-runs');
    await go('run', scenario('baseline-2022.yaml'), '--seeds', '1..8', '--firms', '300', '--month', '2023-03', '--out', 'base.json', '--keep-runs', 'base-runs');
    await go('run', scenario('baseline-2022.yaml'), '--seeds', '101..104', '--firms', '300', '--out', 'base-other-seeds.json');
    writeFileSync(join(dir, 'short.yaml'), `name: short\nextends: ${scenario('baseline-2022.yaml')}\nhorizon: 24\n`);
    await go('run', 'short.yaml', '--seeds', '1..3', '--firms', '300', '--out', 'short.json');
    writeFileSync(join(dir, 'late.yaml'), `name: late\nextends: ${scenario('baseline-2022.yaml')}\nstart: "2022-04"\n`);
    await go('run', 'late.yaml', '--seeds', '1..3', '--firms', '300', '--out', 'late.json');
    const base = readFileSync(join(dir, 'base.json'), 'utf8');
    writeFileSync(join(dir, 'old-engine.json'), base.replace(/"version": "[^"]+"/, '"version": "0.0.1"'));
    writeFileSync(join(dir, 'other-calibration.json'), base.replace(/("calibration": \{\n\s+"sha256": ")[0-9a-f]{64}/, `$1${'0'.repeat(64)}`));
  }, 120_000);

  it('an ensemble against an ensemble and a folder of runs against it give the same paired statistics', async () => {
    const fromEnsembles = await cli(['compare', 'strict.json', 'base.json', '--json'], dir);
    const fromRuns = await cli(['compare', 'strict-runs', 'base-runs', '--json'], dir);
    expect([fromEnsembles.code, fromRuns.code]).toEqual([0, 0]);
    const rows = (t: string) => JSON.parse(t).rows;
    expect(rows(fromRuns.stdout)).toEqual(rows(fromEnsembles.stdout));
    const doc = JSON.parse(fromEnsembles.stdout);
    expect(doc.pairing).toEqual({ paired: true, seeds: 8, onlyInA: 0, onlyInB: 0 });
    expect(doc.rows).toHaveLength(INDICATOR_NAMES.length * 2);
    const grey = doc.rows.find((r: { indicator: string; statistic: string }) => r.indicator === 'sanctions.greyTrade' && r.statistic === 'final');
    expect(grey.difference).toBeLessThan(0);
    expect(grey.ciHigh).toBeLessThan(0);
    expect(grey.pAGreater).toBe(0);
  });

  it('is reproducible: the same command prints the same bytes', async () => {
    // Five times over, text and CSV: quantiles come from a deterministic sort (mathjs's quantileSeq picks pivots with Math.random).
    for (const args of [['--csv'], ['--json'], ['--unpaired', '--csv']]) {
      const outs = new Set<string>();
      for (let k = 0; k < 5; k++) outs.add((await cli(['compare', 'strict.json', 'base.json', ...args], dir)).stdout);
      expect(outs.size, args.join(' ')).toBe(1);
    }
    const a = await cli(['compare', 'strict.json', 'base.json'], dir);
    const b = await cli(['compare', 'strict.json', 'base.json'], dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/Paired by seed on 8 common seeds/);
    expect(a.stdout).toMatch(/sanctions\.greyTrade\s+[\d.]+\s+[\d.]+\s+-[\d.]+\s+\[/);
  });

  it('--csv is tidy: one row per indicator × statistic, with a header', async () => {
    const r = await cli(['compare', 'strict.json', 'base.json', '--csv', '--month', '2023-03', '--indicator', 'kz.compliance', '--indicator', 'sanctions.exposure'], dir);
    expect(r.code, r.stderr).toBe(2); // strict.json did not keep 2023-03
    expect(r.stderr).toMatch(/strict\.json:\d+:1: error INCOMPARABLE at perSeed: .*not at 2023-03; rerun the ensemble with --month 2023-03/);
    const ok = await cli(['compare', 'strict-runs', 'base.json', '--csv', '--month', '2023-03', '--indicator', 'kz.compliance', '--indicator', 'sanctions.exposure'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    const lines = ok.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('scenario_a,file_a,scenario_b,file_b,indicator,statistic,n_a,n_b,mean_a,mean_b,difference,ci_low,ci_high,effect_size,p_a_greater');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(lines.slice(1).map(() => 'secondary-sanctions-strict,strict-runs,baseline-2022,base.json'));
    expect(lines.slice(1).map((l) => l.split(',').slice(4, 6).join(','))).toEqual(
      ['final', 'mean', '2023-03'].flatMap((s) => ['kz.compliance', 'sanctions.exposure'].map((i) => `${i},${s}`)),
    );
  });

  it('one input reports its spread across seeds', async () => {
    const r = await cli(['compare', 'base-runs', '--json', '--indicator', 'kz.compliance'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('spread');
    expect(doc.rows[0]).toMatchObject({ indicator: 'kz.compliance', statistic: 'final', n: 8 });
    const table = await cli(['compare', 'base.json'], dir);
    expect(table.stdout).toMatch(/Spread across seeds of: "baseline-2022" — ensemble base\.json, 8 seeds/);
  });

  it('--unpaired compares samples with no seeds in common', async () => {
    const r = await cli(['compare', 'strict.json', 'base-other-seeds.json', '--unpaired', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).pairing).toEqual({ paired: false, seeds: 12, onlyInA: 8, onlyInB: 4 });
  });

  it.each([
    ['different horizons', 'short.json', /INCOMPARABLE at horizon: .*horizon \(months\) differs \(36 in base\.json, 24 in short\.json\)/],
    ['different start months', 'late.json', /INCOMPARABLE at start: .*start month differs \(2022-03 in base\.json, 2022-04 in late\.json\)/],
    ['different engine versions', 'old-engine.json', new RegExp(String.raw`INCOMPARABLE at engine: .*engine version differs \(${ENGINE_VERSION.replaceAll('.', '\\.')} in base\.json, 0\.0\.1 in old-engine\.json\)`)],
    ['different calibrations', 'other-calibration.json', /INCOMPARABLE at calibration: .*calibration \(SHA-256\) differs/],
    ['no seeds in common when pairing', 'base-other-seeds.json', /INCOMPARABLE at seeds: .*no seeds in common .*--unpaired/],
  ])('refuses %s with exit 2, naming what differs', async (_what, other, message) => {
    const r = await cli(['compare', 'base.json', other], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^\S+\.json:\d+:1: error/);
  });

  it('refuses bad inputs with a located error and exit 2', async () => {
    writeFileSync(join(dir, 'broken.json'), '{\n "kind": "run",\n "seed": 1,,\n}\n');
    writeFileSync(join(dir, 'scenario.json'), '{\n "name": "not a result"\n}\n');
    mkdirSync(join(dir, 'mixed'), { recursive: true });
    writeFileSync(join(dir, 'mixed', 'a.json'), readFileSync(join(dir, 'strict-runs', 'secondary-sanctions-strict-seed1.json')));
    writeFileSync(join(dir, 'mixed', 'b.json'), readFileSync(join(dir, 'base-runs', 'baseline-2022-seed2.json')));
    mkdirSync(join(dir, 'twice'), { recursive: true });
    writeFileSync(join(dir, 'twice', 'a.json'), readFileSync(join(dir, 'base-runs', 'baseline-2022-seed1.json')));
    writeFileSync(join(dir, 'twice', 'b.json'), readFileSync(join(dir, 'base-runs', 'baseline-2022-seed1.json')));
    const cases: [string[], RegExp][] = [
      [['compare', 'broken.json'], /broken\.json:3:12: error JSON_SYNTAX/],
      [['compare', 'scenario.json'], /scenario\.json:1:1: error NOT_A_RESULT at kind: Not an mvsim result/],
      [['compare', 'missing.json'], /missing\.json:1:1: error FILE_NOT_FOUND/],
      [['compare', 'mixed'], /INCOMPARABLE at scenario: mixed mixes scenarios/],
      [['compare', 'twice'], /INCOMPARABLE at seed: twice holds seed 1 twice/],
      [['compare', 'base-runs', '--month', '2040-01'], /--month 2040-01 is not a month of base-runs/],
      [['compare', 'base.json', '--indicator', 'kz.complianc'], /no such indicator \(did you mean "kz\.compliance"\?\)/],
      [['compare', 'base.json', '--json', '--csv'], /Choose one of --json and --csv/],
      [['compare', 'base.json', '--level', '95'], /--level must be between 0 and 1/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
