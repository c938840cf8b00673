import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

const BASE = join(SCENARIOS, 'baseline-2022.yaml');
const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at |internal error/);

describe('hostile inputs found by an audit (issue 11)', () => {
  const dir = tempDir();

  it('an extends chain through a link to its own folder stops, located, instead of reading d/loop/loop/… forever', async () => {
    mkdirSync(join(dir, 'd'));
    symlinkSync('.', join(dir, 'd', 'loop'));
    writeFileSync(join(dir, 'd', 'a.yaml'), 'name: a\nextends: loop/a.yaml\n');
    const r = await cli(['validate', 'd/a.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:2:10: error EXTENDS_CYCLE at extends: extends goes more than 16 files deep/);
  });

  it('a grid of 10^9 points is refused before it is built', async () => {
    const r = await cli(['sweep', BASE, '--vary', 'doctrine.sanctionsSafety=0:1:1000', '--vary', 'doctrine.affinity.RU=0:1:1000', '--vary', 'doctrine.affinity.CN=0:1:1000', '--seeds', '1..2'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/This sweep is 1000000000 points × 2 seeds = 2000000000 runs; the limit is 1000000/);
  });

  it('more seeds than one file can hold are refused up front', async () => {
    const r = await cli(['run', BASE, '--seeds', '1..100001'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seeds: at most 100,000 seeds in one command/);
  });

  it('never replaces a FIFO (or device) with a result, even with --force', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const r = await cli(['run', BASE, '--firms', '50', '--out', 'pipe', '--force'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot write pipe: it is not a regular file \(a device, pipe or socket\); nothing was written/);
    expect(statSync(join(dir, 'pipe')).isFIFO()).toBe(true);
  });

  it.each([
    [['--out', 'newdir/'], 1, /Cannot write newdir\/: it names a folder \(it ends with a slash\)/],
    [['--out', `${'x'.repeat(300)}.json`], 1, /file name too long \(ENAMETOOLONG\); nothing was written/],
    [['--seeds', '1..3', '--keep-runs', 'kr', '--out', 'kr/baseline-2022-seed2.json'], 2, /kr\/baseline-2022-seed2\.json is asked for twice/],
    [['--checkpoint-at', '2022-06', '--checkpoint-out', 'same.json', '--out', 'same.json'], 2, /same\.json is asked for twice/],
    [['--seeds', '1..3', '--seeds', '4..5'], 2, /--seeds is given 2 times; give it once/],
    [['--out', 'a.json', '--out', 'b.json'], 2, /--out is given 2 times; give it once/],
    [['--seeds', '1..3', '--workers', '33'], 2, /--workers 33 is out of range: expected an integer in \[1, 32\]/],
  ])('run %j: exit %i, one line, nothing written', async (extra, code, message) => {
    const r = await cli(['run', BASE, '--firms', '50', ...extra], dir);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    noStack(r.stderr);
    for (const f of ['newdir', 'a.json', 'b.json', 'same.json', 'kr']) expect(existsSync(join(dir, f)), f).toBe(false);
  });

  it('refuses a sweep option given twice instead of writing a file no command can read', async () => {
    const r = await cli(['sweep', BASE, '--vary', 'doctrine.economy=1,2', '--statistic', 'mean', '--statistic', 'final', '--out', 'sw.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--statistic is given 2 times/);
    expect(existsSync(join(dir, 'sw.json'))).toBe(false);
  });

  it('a state whose packed arrays have the wrong length is NOT_A_STATE, located, not an internal error', async () => {
    expect((await cli(['run', BASE, '--firms', '300', '--checkpoint-at', '2022-06', '--checkpoint-out', 'good.state.json', '--out', 'good-run.json'], dir)).code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'good.state.json'), 'utf8'));
    doc.world.firms.direction = String(doc.world.firms.direction).slice(8);
    writeFileSync(join(dir, 'bad.state.json'), JSON.stringify(doc, null, 1));
    const r = await cli(['run', BASE, '--firms', '300', '--from-state', 'bad.state.json', '--out', 'never.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.state\.json:\d+:1: error NOT_A_STATE at world: Not a consistent state: firms\.direction: expected 300 values, found 294/);
    noStack(r.stderr);
    const rowEdit = (d: any): void => {
      const bytes = Buffer.from(String(d.world.rows), 'base64');
      const rows = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      rows[0] = 1e9; // the first indicator of the start month, far outside its range
      d.world.rows = Buffer.from(rows.buffer).toString('base64');
    };
    const greyOnAnImporter = (d: any): void => {
      // grey trade on a firm without grey potential: no run reaches it, and the step no longer reads such firms
      const floats = (k: string): Float64Array => { const b = Buffer.from(String(d.world.firms[k]), 'base64'); return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); };
      const grey = floats('grey');
      grey[floats('greyMax').findIndex((g) => g === 0)] = 0.01;
      d.world.firms.grey = Buffer.from(grey.buffer).toString('base64');
    };
    for (const [name, change] of [['rng', (d: any) => (d.world.rng['firms.step'].c = -1)], ['kz', (d: any) => (d.world.kz.compliance = 7)], ['row', rowEdit], ['grey', greyOnAnImporter]] as const) {
      const t = JSON.parse(readFileSync(join(dir, 'good.state.json'), 'utf8'));
      change(t);
      writeFileSync(join(dir, `${name}.state.json`), JSON.stringify(t, null, 1));
      const q = await cli(['run', BASE, '--firms', '300', '--from-state', `${name}.state.json`, '--out', 'never.json'], dir);
      expect(q.code, name).toBe(2);
      expect(q.stderr, name).toMatch(/NOT_A_STATE at world/);
      if (name === 'grey') expect(q.stderr).toMatch(/Firm \d+ has grey trade \(0\.01\) but no grey potential/);
    }
  });

  it('checks a sweep file before using it: frontier, statistics and points', async () => {
    expect((await cli(['sweep', BASE, '--vary', 'doctrine.economy=1,2', '--seeds', '1', '--firms', '100', '--quiet', '--out', 'ok-sweep.json'], dir)).code).toBe(0);
    const good = JSON.parse(readFileSync(join(dir, 'ok-sweep.json'), 'utf8'));
    const cases: [string, (d: any) => void, RegExp][] = [
      ['frontier', (d) => (d.frontier = [999, -1]), /at frontier\[0\]: Not a valid sweep result: 999 is not a point of the sweep/],
      ['stats', (d) => (d.points[0].stats = {}), /at points\[0\]\.stats\.economy\.gdpIndex: .*no statistics for the objective economy\.gdpIndex/],
      ['no points', (d) => ((d.points = []), (d.frontier = [])), /no points/],
      ['huge', (d) => (d.points[0].stats['economy.gdpIndex'].p5 = 1e308), /quantiles out of order/],
    ];
    for (const [name, change, message] of cases) {
      const d = structuredClone(good);
      change(d);
      writeFileSync(join(dir, `sw-${name}.json`), JSON.stringify(d, null, 1));
      const r = await cli(['report', `sw-${name}.json`, '--out', `sw-${name}.html`], dir);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      noStack(r.stderr);
      expect(existsSync(join(dir, `sw-${name}.html`))).toBe(false);
    }
  });

  it("checks an ensemble's per-seed table, which compare pairs on", async () => {
    expect((await cli(['run', BASE, '--seeds', '1..4', '--firms', '100', '--quiet', '--out', 'ens.json'], dir)).code).toBe(0);
    const good = JSON.parse(readFileSync(join(dir, 'ens.json'), 'utf8'));
    const cases: [string, (d: any) => void, RegExp][] = [
      ['missing', (d) => delete d.perSeed.final['economy.gdpIndex'], /perSeed\.final\.economy\.gdpIndex: .*indicator economy\.gdpIndex is missing/],
      ['range', (d) => (d.perSeed.mean['kz.compliance'][1] = 1e308), /perSeed\.mean\.kz\.compliance\[1\]: .*1e\+308 is not a finite value in kz\.compliance's range/],
      ['twice', (d) => (d.perSeed.seeds = [1, 1, 1, 1]), /perSeed\.seeds\[1\]: .*seed 1 appears twice/],
      ['sd', (d) => (d.series['economy.gdpIndex'].sd[3] = -1), /series\.economy\.gdpIndex\.sd\[3\]: .*a negative standard deviation/],
      ['order', (d) => (d.series['economy.gdpIndex'].p5[3] = 2), /series\.economy\.gdpIndex: .*p95 ≤ max .* do not hold/],
      ['share', (d) => (Object.values(d.events)[0] as any).share = 1e300, /share of 1e\+300: expected one in \[0, 1\]/],
    ];
    for (const [name, change, message] of cases) {
      const d = structuredClone(good);
      change(d);
      writeFileSync(join(dir, `ens-${name}.json`), JSON.stringify(d, null, 1));
      const r = await cli(['compare', `ens-${name}.json`], dir);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      noStack(r.stderr);
    }
  });

  it('shows control characters in file names and scenario names escaped, never raw', async () => {
    const folder = join(dir, 'runs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'b\u001b]0;owned\u0007\u001b[2J.json'), '{not json');
    const r = await cli(['compare', 'runs'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stderr).toContain('\\u001b]0;owned\\u0007');
    writeFileSync(join(dir, 'esc.yaml'), `extends: ${BASE}\nname: "evil\\u001b[2Jname"\n`);
    expect((await cli(['run', 'esc.yaml', '--firms', '50', '--out', 'esc.json'], dir)).code).toBe(0);
    const c = await cli(['compare', 'esc.json'], dir);
    expect(c.code).toBe(0);
    expect(c.stdout).not.toMatch(/\u001b/);
    expect(c.stdout).toContain('evil\\u001b[2Jname');
  });

  it('locates why explain refuses a tampered run, and refuses a renamed scenario before any work', async () => {
    expect((await cli(['run', BASE, '--firms', '100', '--out', 'plain.json'], dir)).code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8'));
    doc.series['trade.exports.RU'][5] += 0.01;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(doc, null, 1));
    const e = await cli(['explain', 'edited.json'], dir);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/^edited\.json:\d+:1: error INCOMPARABLE at series: re-running seed 1 gives trade\.exports\.RU = /);
    const renamed = JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8'));
    renamed.scenario.name = 'something else';
    writeFileSync(join(dir, 'renamed.json'), JSON.stringify(renamed, null, 1));
    for (const command of ['explain', 'compare']) {
      const r = await cli([command, 'renamed.json'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/NOT_A_RESULT at scenario\.name: .*names its scenario "something else", but the scenario it embeds is "baseline-2022"/);
    }
  });

  it('names a pseudo-file the same way every time (not by the reading process id)', async () => {
    const a = await cli(['validate', '/proc/self/status'], dir);
    const b = await cli(['validate', '/proc/self/status'], dir);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/A system pseudo-file \(under \/proc\)/);
    expect(b.stderr).toBe(a.stderr);
  });

  it.each([
    ['an unknown tag', 'name: !!js/function "x"\n', /:1:7: error YAML_SYNTAX .*Unresolved tag/],
    ['an unsupported directive', '%YAML 9.9\n---\nname: x\n', /YAML_SYNTAX .*Unsupported YAML version 9\.9/],
  ])('refuses %s instead of ignoring it', async (_what, text, message) => {
    writeFileSync(join(dir, 'tagged.yaml'), text);
    const r = await cli(['validate', 'tagged.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('finds duplicate keys at any depth, with a set per mapping', async () => {
    writeFileSync(join(dir, 'dups.yaml'), 'name: x\nevents:\n  - type: oilPrice\n    factor: 0.5\n    factor: 0.6\n    at: 3\n');
    const r = await cli(['validate', 'dups.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dups\.yaml:5:5: error DUPLICATE_KEY/);
  });

  it('refuses a folder of more result files than compare will hold', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i <= 5000; i++) writeFileSync(join(many, `r${i}.json`), '');
    const r = await cli(['compare', 'many'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/many holds 5001 result files; a folder may hold at most 5000/);
  });
});
