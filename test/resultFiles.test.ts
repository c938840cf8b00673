import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from './_helpers.js';

// Result files are input too: a tampered or hand-made one is refused, located, before any work.
describe('result files are validated in full before any work starts', () => {
  let dir = '';
  let run: Record<string, unknown> = {};
  let ens: Record<string, unknown> = {};
  beforeAll(async () => {
    dir = tempDir();
    expect((await cli(['run', join(ROOT, 'scenarios/baseline-2022.yaml'), '--firms', '100', '--seed', '1', '--out', 'run.json'], dir)).code).toBe(0);
    expect((await cli(['run', join(ROOT, 'scenarios/baseline-2022.yaml'), '--firms', '100', '--seeds', '1..3', '--out', 'ens.json'], dir)).code).toBe(0);
    run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
    ens = JSON.parse(readFileSync(join(dir, 'ens.json'), 'utf8')) as Record<string, unknown>;
  }, 60_000);

  const tampered = (base: Record<string, unknown>, change: (d: Record<string, any>) => void): string => {
    const d = structuredClone(base);
    change(d);
    const name = `t${Math.abs(JSON.stringify(d).length)}.json`;
    writeFileSync(join(dir, name), `${JSON.stringify(d, null, 1)}\n`);
    return name;
  };

  it.each([
    ['a value outside its indicator\'s range', (d: Record<string, any>) => (d['series']['kz.compliance'][5] = 2.5), /at series\.kz\.compliance\[5\]: Not a valid run result: 2\.5 is outside kz\.compliance's range \[0, 1\]/],
    ['a billion firms', (d: Record<string, any>) => (d['firms'] = 1e9), /at firms: Not a valid run result: firms is 1000000000: expected an integer in \[1, 1000000\]/],
    ['a horizon of 1e8', (d: Record<string, any>) => (d['horizon'] = 1e8), /horizon is 100000000/],
    ['negative firms', (d: Record<string, any>) => (d['firms'] = -5), /firms is -5/],
    ['a month missing', (d: Record<string, any>) => d['months'].pop(), /36 months for a horizon of 36: expected 37/],
    ['months out of order', (d: Record<string, any>) => (d['months'][3] = '2030-01'), /month 3 is "2030-01": expected 2022-06/],
    ['a series cut short', (d: Record<string, any>) => d['series']['economy.gdpIndex'].pop(), /36 values: expected 37, one per month/],
    ['an indicator missing', (d: Record<string, any>) => delete d['series']['sanctions.greyTrade'], /indicator sanctions\.greyTrade is missing/],
  ])('a run with %s: explain and compare exit 2, located', async (_what, change, message) => {
    const name = tampered(run, change);
    for (const args of [['explain', name], ['compare', name]]) {
      const r = await cli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^${name.replace('.', '\\.')}:\\d+:1: error NOT_A_RESULT`));
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it.each([
    ['run counts that do not add up', (d: Record<string, any>) => (d['runs']['completed'] = 7), /completed \(7\) and failed \(0\) do not add up to requested \(3\)/],
    ['a mean outside the range', (d: Record<string, any>) => (d['series']['kz.compliance']['mean'][2] = -1), /-1 is outside kz\.compliance's range/],
    ['a per-seed table of the wrong length', (d: Record<string, any>) => d['perSeed']['final']['economy.gdpIndex'].pop(), /2 values for 3 seeds/],
  ])('an ensemble with %s is refused', async (_what, change, message) => {
    const r = await cli(['explain', tampered(ens, change)], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('30,000 unknown keys: twenty named, the rest counted (not one line each)', async () => {
    const name = tampered(run, (d) => {
      for (let i = 0; i < 30_000; i++) d[`k${i}`] = 1;
    });
    const r = await cli(['explain', name], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.includes(': error '))).toHaveLength(21);
    expect(r.stderr).toContain('…and 29980 more unknown keys');
  });
});

describe('the scenario embedded in a result is re-validated', () => {
  it.each([
    ['a horizon that is not the run\'s', (d: Record<string, any>) => (d['scenario']['resolved']['horizon'] = 12), /the scenario's horizon \(12\) is not the result's \(36\)/],
    ['a condition that the loader refuses', (d: Record<string, any>) => d['scenario']['resolved']['events'].push({ type: 'oilPrice', factor: 0.5, when: 'import(1) > 0' }), /the scenario's condition "import\(1\) > 0" is refused/],
    ['a parameter out of its bounds', (d: Record<string, any>) => (d['scenario']['resolved']['parameters']['routes.oilShare0.cpc'] = 7), /NOT_A_RESULT at scenario\.resolved\.parameters\.routes\.oilShare0\.cpc/],
  ])('%s', async (_what, change, message) => {
    const dir = tempDir();
    expect((await cli(['run', join(ROOT, 'scenarios/baseline-2022.yaml'), '--firms', '50', '--out', 'run.json'], dir)).code).toBe(0);
    const d = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, any>;
    change(d);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(d, null, 1));
    const r = await cli(['explain', 'bad.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
