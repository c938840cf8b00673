import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominates, paretoFrontier, type Direction } from '../src/analysis/pareto.js';
import { gridPoints, latinHypercube, type Vary } from '../src/analysis/sweepDesign.js';
import { parseVary } from '../src/cli/vary.js';
import type { SweepResult } from '../src/results/sweepResult.js';
import type { EnsembleResult } from '../src/results/ensembleResult.js';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

/** The frontier by definition: a point is on it when no other point dominates it (every pair checked). */
const bruteForce = (points: number[][], dirs: Direction[]): boolean[] => points.map((p, i) => !points.some((q, j) => j !== i && dominates(q, p, dirs)));

describe('Pareto frontier', () => {
  it('equals the brute-force pairwise check on any set of points, ties and duplicates included', () => {
    const coordinate = fc.integer({ min: 0, max: 6 }).map((v) => v / 2); // coarse values make ties common
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((k) =>
          fc.tuple(fc.array(fc.array(coordinate, { minLength: k, maxLength: k }), { minLength: 0, maxLength: 40 }), fc.array(fc.constantFrom<Direction>('max', 'min'), { minLength: k, maxLength: k })),
        ),
        ([points, dirs]) => {
          expect(paretoFrontier(points, dirs)).toEqual(bruteForce(points, dirs));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps both of two equal points, and no point dominates itself', () => {
    expect(paretoFrontier([[1, 1], [1, 1], [0, 0]], ['max', 'max'])).toEqual([true, true, false]);
    expect(dominates([1, 2], [1, 2], ['max', 'min'])).toBe(false);
  });
});

describe('sweep designs', () => {
  const vary = (text: string, design: 'grid' | 'lhs' = 'grid'): Vary => {
    const v = parseVary(text, design);
    if (!v.ok) throw new Error(v.issues[0]!.message);
    return v.vary;
  };

  it('a grid is every combination, the first --vary changing slowest, with values as written', () => {
    expect(gridPoints([vary('doctrine.economy=0:1:3'), vary('doctrine.affinity.CN=0.1,0.2')])).toEqual([
      [0, 0.1], [0, 0.2], [0.5, 0.1], [0.5, 0.2], [1, 0.1], [1, 0.2],
    ]);
    expect(vary('doctrine.stability=0:0.3:4')).toEqual({ path: 'doctrine.stability', values: [0, 0.1, 0.2, 0.3] });
  });

  it('a Latin hypercube uses every stratum of every dimension once, and depends only on its seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const dims = [vary('doctrine.economy=0:2', 'lhs'), vary('doctrine.affinity.RU=-1:1', 'lhs')];
        const pts = latinHypercube(dims, n, seed);
        expect(pts).toHaveLength(n);
        dims.forEach((d, k) => {
          const [lo, hi] = 'range' in d ? d.range : [0, 1];
          const strata = pts.map((p) => Math.min(n - 1, Math.floor(((p[k]! - lo) / (hi - lo)) * n)));
          expect(new Set(strata).size).toBe(n);
        });
        expect(latinHypercube(dims, n, seed)).toEqual(pts);
      }),
      { numRuns: 50 },
    );
    const dims = [vary('doctrine.economy=0:2', 'lhs')];
    expect(latinHypercube(dims, 10, 1)).not.toEqual(latinHypercube(dims, 10, 2));
  });

  it('refuses values outside what the scenario format accepts', () => {
    expect(parseVary('doctrine.economy=-1:2:3', 'grid')).toMatchObject({ ok: false, issues: [{ code: 'INVALID_OPTION', message: expect.stringContaining('a number in [0, 10]') }] });
    expect(parseVary('parameters.firms.count=10.5,20', 'grid')).toMatchObject({ ok: false, issues: [{ code: 'INVALID_OPTION', message: expect.stringContaining('an integer') }] });
  });
});

describe('mvsim sweep', () => {
  const base = join(SCENARIOS, 'baseline-2022.yaml');
  const args = (out: string) => ['sweep', base, '--vary', 'doctrine.concentration=0,1,2', '--vary', 'doctrine.sanctionsSafety=0.5,1', '--seeds', '1..3', '--firms', '300', '--out', out, '--quiet'];

  it('runs an ensemble per point on common random numbers, and marks exactly the brute-force frontier', async () => {
    const dir = tempDir();
    const r = await cli(args(join(dir, 'sweep.json')), dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepResult;
    expect(sweep.kind).toBe('sweep');
    expect(sweep.points.map((p) => p.values)).toEqual(gridPoints([{ path: 'doctrine.concentration', values: [0, 1, 2] }, { path: 'doctrine.sanctionsSafety', values: [0.5, 1] }]).map(([c, s]) => ({ 'doctrine.concentration': c, 'doctrine.sanctionsSafety': s })));
    expect(sweep.runs).toEqual({ requested: 18, completed: 18, failed: 0 });
    const dirs = sweep.objectives.map((o) => o.direction);
    const means = sweep.points.map((p) => sweep.objectives.map((o) => p.stats[o.indicator]!.mean));
    expect(sweep.points.map((p) => p.frontier)).toEqual(bruteForce(means, dirs));
    expect(sweep.frontier).toEqual(sweep.points.filter((p) => p.frontier).map((p) => p.index));
    expect(sweep.frontier.length).toBeGreaterThan(0);

    // The point with the balanced doctrine's own weights (concentration 1, sanctionsSafety 1) is the baseline itself:
    // its statistics equal those of an ensemble of the baseline over the same seeds.
    const e = await cli(['run', base, '--seeds', '1..3', '--firms', '300', '--out', join(dir, 'base.json'), '--quiet'], dir);
    expect(e.code).toBe(0);
    const ensemble = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as EnsembleResult;
    const point = sweep.points.find((p) => p.values['doctrine.concentration'] === 1 && p.values['doctrine.sanctionsSafety'] === 1)!;
    for (const o of sweep.objectives) {
      const finals = ensemble.perSeed.final[o.indicator]!;
      expect(point.stats[o.indicator]!.mean).toBeCloseTo(finals.reduce((a, b) => a + b, 0) / finals.length, 10);
      expect(point.stats[o.indicator]!.min).toBe(Math.min(...finals));
    }
  });

  it('writes the same bytes whatever the number of workers', async () => {
    const dir = tempDir();
    const one = await cli([...args(join(dir, 'one.json')), '--workers', '1'], dir);
    const two = await cli([...args(join(dir, 'two.json')), '--workers', '2'], dir);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'one.json'), 'utf8')).toBe(readFileSync(join(dir, 'two.json'), 'utf8'));
  });

  it('samples a seeded Latin hypercube and prints the frontier table unless --quiet', async () => {
    const dir = tempDir();
    const r = await cli(['sweep', base, '--design', 'lhs', '--points', '4', '--design-seed', '7', '--vary', 'doctrine.affinity.RU=-0.5:0.5', '--seeds', '1..2', '--firms', '200', '--objective', 'economy.gdpIndex:max', '--objective', 'trade.exposure.RU:min', '--out', 'lhs.json'], dir);
    expect(r.code).toBe(0);
    // the file's path first, then the frontier table: both are the command's result, on stdout
    expect(r.stdout).toMatch(/^lhs\.json\n4 points × 2 seeds; \d on the Pareto frontier of economy.gdpIndex max, trade.exposure.RU min/);
    expect(r.stderr).toBe('');
    const sweep = JSON.parse(readFileSync(join(dir, 'lhs.json'), 'utf8')) as SweepResult;
    expect(sweep.design).toMatchObject({ kind: 'lhs', points: 4, sampleSeed: 7 });
    expect(sweep.points.map((p) => p.values['doctrine.affinity.RU'])).toEqual(latinHypercube([{ path: 'doctrine.affinity.RU', range: [-0.5, 0.5] }], 4, 7).map((p) => p[0]));
  });

  it.each([
    [['--vary', 'doctrine.concentraton=0:1:3'], /not a sweepable path.*did you mean "doctrine.concentration"/],
    [['--vary', 'doctrine.concentration=0:1'], /FROM:TO:COUNT or a list/],
    [['--vary', 'doctrine.concentration=0:1:1'], /COUNT an integer in \[2, 1000\]/],
    [['--vary', 'doctrine.economy=0:20:3'], /20 is outside what doctrine.economy accepts \(a number in \[0, 10\]\)/],
    [['--vary', 'parameters.kz.alignment0.RU=0.1,0.9'], /Point 0 \(parameters.kz.alignment0.RU=0.1\): Kazakhstan's start posture/],
    [['--design', 'lhs', '--vary', 'doctrine.economy=0:1:3'], /a Latin hypercube samples an interval/],
    [['--vary', 'doctrine.economy=0,1', '--points', '5'], /--points applies to --design lhs/],
    [['--vary', 'doctrine.economy=0,1', '--objective', 'economy.gdpIndx:max'], /no such indicator \(did you mean "economy.gdpIndex"\?\)/],
    [['--vary', 'doctrine.economy=0,1', '--objective', 'economy.gdpIndex:up'], /expected INDICATOR:max or INDICATOR:min/],
    [['--vary', 'doctrine.economy=0,1', '--vary', 'doctrine.economy=2,3'], /given twice/],
    [[], /at least one --vary/],
  ])('refuses %j with exit 2 and writes nothing', async (extra, message) => {
    const dir = tempDir();
    const r = await cli(['sweep', base, '--seeds', '1..2', '--out', 'x.json', ...extra], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
});
