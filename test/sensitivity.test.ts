import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Factor } from '../src/analysis/sensitivity.js';
import { parseCalibration } from '../src/calibration/load.js';
import { shareProblems, withOverrides } from '../src/model/params.js';
import { SensitivityResultSchema, type SensitivityResult } from '../src/results/sensitivityResult.js';
import { scenarioAtPoint } from '../src/runner/sensitivityJob.js';
import { CALIBRATION, cli, loadShipped, ROOT, SCENARIOS, tempDir } from './_helpers.js';

const BASE = join(SCENARIOS, 'baseline-2022.yaml');
const STRICT = join(SCENARIOS, 'secondary-sanctions-strict.yaml');
const SMALL = ['--firms', '300', '--seeds', '1..2', '--quiet'];
const read = (dir: string, f: string): SensitivityResult => SensitivityResultSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')));

describe('mvsim sensitivity', () => {
  const dir = tempDir();

  it('screens the effect of a scenario against its baseline (Morris): every factor, every output, μ* ≥ |μ|, intervals around μ*', async () => {
    const r = await cli(['sensitivity', STRICT, '--against', BASE, '--group', 'sanctions', '--trajectories', '4', ...SMALL, '--out', 'm.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const doc = read(dir, 'm.json');
    expect(doc.kind).toBe('sensitivity');
    expect(doc.against?.name).toBe('baseline-2022');
    expect(doc.factors.every((f) => f.group === 'sanctions' && f.provenance === 'assumption')).toBe(true);
    expect(doc.method.points).toBe(4 * (doc.factors.length + 1));
    expect(doc.method.runs).toBe(doc.method.points * 2 * 2);
    expect(Object.keys(doc.outputs).sort()).toEqual(['economy.gdpIndex:final', 'sanctions.exposure:final', 'security.exposure:final']);
    for (const a of Object.values(doc.outputs)) {
      if (a.method !== 'morris') throw new Error('expected Morris');
      expect(a.factors.map((f) => f.factor)).toEqual(doc.factors.map((f) => f.id));
      for (const f of a.factors) {
        expect(f.muStar).toBeGreaterThanOrEqual(Math.abs(f.mu) - 1e-12);
        expect(f.muStarLow).toBeLessThanOrEqual(f.muStar + 1e-12);
        expect(f.muStarHigh).toBeGreaterThanOrEqual(f.muStar - 1e-12);
      }
    }
    expect(doc.samples.rows).toHaveLength(doc.method.points);
  });

  it('finds no effect of a scenario against itself: every μ and μ* is exactly 0', async () => {
    const r = await cli(['sensitivity', BASE, '--against', BASE, '--params', 'grey.margin', 'sanctions.detectBase', 'doctrine.security', '--trajectories', '3', ...SMALL, '--out', 'self.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    for (const a of Object.values(read(dir, 'self.json').outputs)) {
      if (a.method !== 'morris') throw new Error('expected Morris');
      for (const f of a.factors) expect([f.mu, f.muStar, f.sigma]).toEqual([0, 0, 0]);
    }
  });

  it("computes Sobol' indices with intervals and a convergence table at N/4, N/2 and N", async () => {
    const r = await cli(['sensitivity', BASE, '--method', 'sobol', '--params', 'sanctions.caseRate', 'grey.margin', 'doctrine.economy', '--samples', '16', '--outputs', 'sanctions.greyTrade:mean', 'economy.gdpIndex', ...SMALL, '--out', 's.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const doc = read(dir, 's.json');
    expect(doc.method.points).toBe(16 * 5);
    expect(doc.samples.rows).toHaveLength(32);
    const grey = doc.outputs['sanctions.greyTrade:mean']!;
    if (grey.method !== 'sobol') throw new Error('expected Sobol');
    expect(grey.convergence.map((c) => c.rows)).toEqual([4, 8, 16]);
    expect(grey.factors.map((f) => f.factor)).toEqual(['grey.margin', 'sanctions.caseRate', 'doctrine.economy']);
    for (const f of grey.factors) {
      expect(f.firstLow).toBeLessThanOrEqual(f.first + 1e-12);
      expect(f.totalHigh).toBeGreaterThanOrEqual(f.total - 1e-12);
    }
    // the grey margin drives grey trade; the case rate acts only through designations a year later
    expect(grey.factors[0]!.total).toBeGreaterThan(grey.factors[1]!.total);
  });

  it('writes the same bytes for one worker and two, and for the same command run again', async () => {
    const args = ['sensitivity', STRICT, '--against', BASE, '--params', 'grey.margin', 'sanctions.enforcementResponse', '--method', 'sobol', '--samples', '8', ...SMALL];
    expect((await cli([...args, '--workers', '1', '--out', 'w1.json'], dir)).code).toBe(0);
    expect((await cli([...args, '--workers', '2', '--out', 'w2.json'], dir)).code).toBe(0);
    expect((await cli([...args, '--workers', '2', '--out', 'w3.json'], dir)).code).toBe(0);
    const bytes = readFileSync(join(dir, 'w1.json'), 'utf8');
    expect(readFileSync(join(dir, 'w2.json'), 'utf8')).toBe(bytes);
    expect(readFileSync(join(dir, 'w3.json'), 'utf8')).toBe(bytes);
    // and another design seed gives another design
    expect((await cli([...args, '--design-seed', '2', '--out', 'w4.json'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'w4.json'), 'utf8')).not.toBe(bytes);
  });

  it.each([
    [['--params', 'nope'], /--params nope: no such parameter/],
    [['--params', 'firms.count'], /resolution, not an uncertainty/],
    [['--params', 'doctrine.courage'], /no such doctrine weight/],
    [[], /Name the factors to vary/],
    [['--group', 'weather'], /--group weather: no such group; the calibration's groups are trade, grey, oil/],
    [['--group', 'grey', '--method', 'sobol', '--samples', '100'], /needs a power of two/],
    [['--group', 'grey', '--levels', '5'], /even number of levels/],
    [['--group', 'grey', '--outputs', 'gdp'], /--outputs gdp: no such indicator/],
    [['--group', 'grey', '--outputs', 'economy.gdpIndex:max'], /expected INDICATOR, INDICATOR:final or INDICATOR:mean/],
    [['--group', 'grey', '--seeds', '3..1'], /3\.\.1/],
    [['--all-assumptions', '--method', 'sobol', '--samples', '1048576', '--seeds', '1..100'], /runs; the limit is 5000000/],
  ])('refuses %j with exit 2 and one line, writing nothing', async (extra, message) => {
    const r = await cli(['sensitivity', BASE, ...extra, '--out', 'never.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it("refuses a parameter the scenario sets as a factor, leaves it out of a group with a note, and refuses a baseline of other months", async () => {
    writeFileSync(join(dir, 'set.yaml'), `extends: ${BASE}\nname: set\nparameters:\n  grey.margin: 0.3\n`);
    const named = await cli(['sensitivity', 'set.yaml', '--params', 'grey.margin', ...SMALL], dir);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/--params grey.margin: the scenario or the baseline sets it/);
    const grouped = await cli(['sensitivity', BASE, '--against', 'set.yaml', '--group', 'grey', '--trajectories', '2', ...SMALL, '--out', 'g.json'], dir);
    expect(grouped.code, grouped.stderr).toBe(0);
    expect(grouped.stderr).toMatch(/note: grey.margin is left out: the scenario or the baseline sets it/);
    expect(read(dir, 'g.json').factors.map((f) => f.id)).not.toContain('grey.margin');
    writeFileSync(join(dir, 'short.yaml'), `extends: ${BASE}\nname: short\nhorizon: 12\n`);
    const short = await cli(['sensitivity', BASE, '--against', 'short.yaml', '--group', 'grey', ...SMALL], dir);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/an effect needs the same months/);
  });
});

describe('design points', () => {
  const shares: Factor[] = ['RU', 'CN', 'EU', 'US'].map((p) => {
    const entry = CALIBRATION.file.parameters[`kz.alignment0.${p}`]!;
    const range: readonly [number, number] = 'assumption' in entry ? entry.assumption.range : [0, 1];
    return { id: `kz.alignment0.${p}`, path: `parameters.kz.alignment0.${p}`, low: range[0], high: range[1], integer: false, group: 'kazakhstan', provenance: 'assumption' };
  });

  it('keep every share group within its constraint, whatever the sampled values (property)', () => {
    const scenario = loadShipped('baseline-2022.yaml').scenario;
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), (x) => {
        const at = scenarioAtPoint(CALIBRATION.params, scenario, shares, x);
        expect(shareProblems(withOverrides(CALIBRATION.params, at.parameters))).toEqual([]);
      }),
    );
  });
});

describe('calibration groups', () => {
  const text = readFileSync(join(ROOT, 'calibration', 'calibration.yaml'), 'utf8');

  it('put every parameter of the shipped calibration in exactly one group', () => {
    expect(parseCalibration('calibration.yaml', text).ok).toBe(true);
  });

  it.each([
    ['a parameter in two groups', text.replace("members: ['grey.*']", "members: ['grey.*', 'sanctions.caseRate']"), /sanctions.caseRate is in 2 groups \(grey, sanctions\)/],
    ['a parameter in none', text.replace("members: ['security.*']", "members: ['security.exposureWeight*']"), /security\.[\w.]+ is in no group/],
    ['a member that matches nothing', text.replace("members: ['grey.*']", "members: ['grey.*', 'gray.*']"), /Group grey: "gray.\*" matches no parameter/],
    ['a range beyond what the model accepts', text.replace('range: [1000, 100000]', 'range: [0, 100000]'), /firms.count: the plausible range \[0, 100000\] reaches outside what the model accepts/],
  ])('refuse %s, located', (_what, bad, message) => {
    const got = parseCalibration('calibration.yaml', bad);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.issues.map((i) => `${i.line}:${i.message}`).join('\n')).toMatch(message);
  });
});
