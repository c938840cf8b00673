import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedRanges } from '../src/analysis/assumptionSample.js';
import type { EnsembleResult } from '../src/results/ensembleResult.js';
import { CALIBRATION, cli, SCENARIOS, tempDir } from './_helpers.js';

const BASE = join(SCENARIOS, 'baseline-2022.yaml');
const STRICT = join(SCENARIOS, 'secondary-sanctions-strict.yaml');
const read = (dir: string, f: string): EnsembleResult => JSON.parse(readFileSync(join(dir, f), 'utf8')) as EnsembleResult;
/** Parameters of share groups, which a draw may scale back to their constraint. */
const SHARES = /^(kz\.alignment0|investment\.share0|oil\.destinationShare|routes\.oilShare0)\./;

describe('ensembles that draw their assumptions (run --sample-assumptions)', () => {
  const dir = tempDir();

  it('draw every assumption but the firm count, record each run\'s values, and stratify a Latin hypercube over the runs', async () => {
    const r = await cli(['run', BASE, '--seeds', '1..8', '--sample-assumptions', 'lhs', '--firms', '200', '--quiet', '--out', 'lhs.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const doc = read(dir, 'lhs.json');
    const assumptions = Object.entries(CALIBRATION.file.parameters).filter(([id, e]) => 'assumption' in e && id !== 'firms.count').map(([id]) => id);
    expect(doc.assumptions?.factors.map((f) => f.id).sort()).toEqual(assumptions.sort());
    expect(doc.assumptions?.pairing).toBe('Latin hypercube, assumption seed 1, over seeds 1..8');
    for (const f of doc.assumptions!.factors) {
      const values = doc.perSeed.assumptions![f.id]!;
      expect(values).toHaveLength(8);
      if (SHARES.test(f.id) || f.integer || f.high === f.low) continue;
      // one value in each eighth of the range
      const strata = values.map((v) => Math.min(7, Math.floor((8 * (v - f.low)) / (f.high - f.low))));
      expect(new Set(strata).size, f.id).toBe(8);
    }
  });

  it('writes the same bytes for one worker and two', async () => {
    const args = ['run', STRICT, '--seeds', '1..6', '--sample-assumptions', 'mc', '--firms', '200', '--quiet'];
    expect((await cli([...args, '--workers', '1', '--out', 'w1.json'], dir)).code).toBe(0);
    expect((await cli([...args, '--workers', '2', '--out', 'w2.json'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'w2.json'), 'utf8')).toBe(readFileSync(join(dir, 'w1.json'), 'utf8'));
  });

  it('give a seed the same draw in every scenario and seed list (Monte Carlo), so compare pairs runs drawn alike', async () => {
    expect((await cli(['run', BASE, '--seeds', '4..9', '--sample-assumptions', 'mc', '--firms', '200', '--quiet', '--out', 'mc-base.json'], dir)).code).toBe(0);
    const strict = read(dir, 'w1.json'); // seeds 1..6, strict
    const base = read(dir, 'mc-base.json'); // seeds 4..9, baseline
    for (const f of strict.assumptions!.factors) {
      const a = strict.perSeed.assumptions![f.id]!.slice(3); // seeds 4, 5, 6
      const b = base.perSeed.assumptions![f.id]!.slice(0, 3);
      expect(a, f.id).toEqual(b);
    }
    const c = await cli(['compare', 'w1.json', 'mc-base.json', '--indicator', 'economy.gdpIndex'], dir);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/Paired by seed on 3 common seeds/);
  });

  it('refuses to pair a drawn ensemble with a plain one, or Latin hypercubes over different seed lists', async () => {
    expect((await cli(['run', BASE, '--seeds', '1..8', '--firms', '200', '--quiet', '--out', 'plain.json'], dir)).code).toBe(0);
    const plain = await cli(['compare', 'lhs.json', 'plain.json'], dir);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/INCOMPARABLE at assumptions: .* not comparable paired by seed: the assumption sampling differs \(Latin hypercube, assumption seed 1, over seeds 1\.\.8 in lhs\.json, none \(the calibration's central values\) in plain\.json\); compare them with --unpaired/);
    // unpaired, the spread from the assumptions can be set against the spread from chance alone
    const unpaired = await cli(['compare', 'lhs.json', 'plain.json', '--unpaired', '--indicator', 'economy.gdpIndex'], dir);
    expect(unpaired.code, unpaired.stderr).toBe(0);
    expect(unpaired.stdout).toMatch(/economy\.gdpIndex/);
    expect((await cli(['run', BASE, '--seeds', '1..7', '--sample-assumptions', 'lhs', '--firms', '200', '--quiet', '--out', 'lhs7.json'], dir)).code).toBe(0);
    expect((await cli(['compare', 'lhs.json', 'lhs7.json'], dir)).stderr).toMatch(/over seeds 1\.\.8 in lhs\.json, Latin hypercube, assumption seed 1, over seeds 1\.\.7 in lhs7\.json/);
  });

  it('leave out a parameter the scenario sets, and draw the others as the baseline does', async () => {
    writeFileSync(join(dir, 'set.yaml'), `extends: ${BASE}\nname: set\nparameters:\n  grey.margin: 0.3\n`);
    const r = await cli(['run', 'set.yaml', '--seeds', '1..8', '--sample-assumptions', 'lhs', '--firms', '200', '--quiet', '--out', 'set.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const set = read(dir, 'set.json');
    const base = read(dir, 'lhs.json');
    expect(set.assumptions?.notes).toEqual(['grey.margin is left out: the scenario or the baseline sets it']);
    expect(set.assumptions?.factors.map((f) => f.id)).not.toContain('grey.margin');
    for (const f of set.assumptions!.factors) if (!SHARES.test(f.id)) expect(set.perSeed.assumptions![f.id], f.id).toEqual(base.perSeed.assumptions![f.id]);
  });

  it('are explained with each seed re-run on its own draw, and say so', async () => {
    const r = await cli(['explain', 'w1.json', '--decompose-seeds', '2', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).notes.join(' ')).toMatch(/Each run drew its 88 assumptions from their plausible ranges \(Monte Carlo, assumption seed 1\)/);
  });

  it('refuses a tampered table of drawn assumptions', async () => {
    const doc = read(dir, 'lhs.json');
    const first = doc.assumptions!.factors[0]!.id;
    doc.perSeed.assumptions![first] = doc.perSeed.assumptions![first]!.slice(1);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(doc));
    const r = await cli(['compare', 'bad.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`perSeed\\.assumptions\\.${first.replace(/\./g, '\\.')}: .*7 values for 8 seeds`));
  });

  it.each([
    [['--sample-assumptions', 'lhs'], /--sample-assumptions applies to ensembles; add --seeds/],
    [['--seeds', '1..3', '--assumption-seed', '2'], /--assumption-seed applies with --sample-assumptions/],
    [['--seeds', '1..3', '--sample-assumptions', 'sobol'], /Invalid values|Choices/],
    [['--seeds', '1..3', '--sample-assumptions', 'lhs', '--checkpoint-at', '2022-06', '--checkpoint-dir', 'st'], /--sample-assumptions with --checkpoint-at/],
  ])('refuses %j with exit 2', async (extra, message) => {
    const r = await cli(['run', BASE, '--firms', '100', ...extra, '--out', 'never.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('names seed lists compactly', () => {
    expect(seedRanges([1, 2, 3, 4])).toBe('1..4');
    expect(seedRanges([1, 2, 3, 7, 9, 10])).toBe('1..3,7,9..10');
    expect(seedRanges([])).toBe('');
  });
});
