import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { shardFromEnvironment } from '../src/cli/shard.js';
import { decodeJobValue, encodeJobValue, shardJobs } from '../src/results/partialDocument.js';
import { mergePartials, verifiedJobs } from '../src/app/merge.js';
import { nodeEnv } from '../src/node/env.js';
import { withReads, type Env } from '../src/app/env.js';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

const BASE = join(SCENARIOS, 'baseline-2022.yaml');
const same = (dir: string, a: string, b: string): boolean => readFileSync(join(dir, a)).equals(readFileSync(join(dir, b)));
const names = (n: number, out: string): string[] => Array.from({ length: n }, (_, i) => out.replace(/\.json$/, `.part-${i + 1}-of-${n}.json`));

/** Runs `args` whole, then as N shards, merges the partials (in the order given) and says whether the bytes are the same. */
async function shardedEqualsWhole(dir: string, args: string[], counts: readonly number[], order: (files: string[]) => string[] = (f) => f): Promise<void> {
  expect((await cli([...args, '--out', 'whole.json', '--quiet'], dir)).code).toBe(0);
  for (const n of counts) {
    for (let i = 1; i <= n; i++) {
      const r = await cli([...args, '--out', `p${n}/x.json`, '--shard', `${i}/${n}`, '--quiet'], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(`p${n}/x.part-${i}-of-${n}.json`);
    }
    const m = await cli(['merge', ...order(names(n, `p${n}/x.json`)), '--out', `merged${n}.json`, '--quiet'], dir);
    expect(m.code, m.stderr).toBe(0);
    expect(same(dir, 'whole.json', `merged${n}.json`), `${n} shards`).toBe(true);
  }
}

describe('sharded commands merge to the bytes one machine writes (issue 14)', () => {
  it('an ensemble: 1, 3 and 4 shards, partials given in shuffled order', async () => {
    await shardedEqualsWhole(tempDir(), ['run', BASE, '--seeds', '1..23', '--firms', '800', '--month', '2023-03'], [1, 3, 4], (f) => [...f].reverse());
  });

  it('an ensemble that draws its assumptions (--sample-assumptions lhs): 3 shards', async () => {
    await shardedEqualsWhole(tempDir(), ['run', BASE, '--seeds', '1..9', '--firms', '500', '--sample-assumptions', 'lhs'], [3]);
  });

  it('a sweep: 1, 3 and 4 shards', async () => {
    await shardedEqualsWhole(tempDir(), ['sweep', BASE, '--vary', 'doctrine.economy=0,1,2', '--vary', 'doctrine.stability=0,1', '--seeds', '1..3', '--firms', '400'], [1, 3, 4], (f) => [f[2] ?? f[0]!, ...f.filter((_, i) => i !== 2)]);
  });

  it("a sensitivity analysis (Morris and Sobol') and a robustness check: 3 shards", async () => {
    const dir = tempDir();
    await shardedEqualsWhole(dir, ['sensitivity', BASE, '--params', 'trade.bankFriction', 'grey.margin', '--trajectories', '3', '--seeds', '1..2', '--firms', '400'], [3]);
    const sobol = tempDir();
    await shardedEqualsWhole(sobol, ['sensitivity', join(SCENARIOS, 'secondary-sanctions-strict.yaml'), '--against', BASE, '--method', 'sobol', '--samples', '8', '--params', 'grey.margin', 'sanctions.detectBase', '--seeds', '1..2', '--firms', '400', '--resamples', '200'], [3]);
    const rob = tempDir();
    await shardedEqualsWhole(rob, ['robustness', BASE, '--claim', 'economy.gdpIndex:final > 1', '--samples', '11', '--seeds', '1..2', '--firms', '400'], [4]);
  });

  it('a folder merges its partials; the merge needs none of the input files (they travel in the partials)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'scenarios'));
    copyFileSync(BASE, join(dir, 'scenarios', 'mine.yaml'));
    const args = ['run', 'scenarios/mine.yaml', '--seeds', '1..6', '--firms', '300'];
    expect((await cli([...args, '--out', 'whole.json'], dir)).code).toBe(0);
    for (let i = 1; i <= 2; i++) expect((await cli([...args, '--out', 'parts/x.json', '--shard', `${i}/2`], dir)).code).toBe(0);
    writeFileSync(join(dir, 'scenarios', 'mine.yaml'), 'name: changed afterwards\n'); // the merge reads the recorded text, not this
    const m = await cli(['merge', 'parts', '--out', 'merged.json'], dir);
    expect(m.code, m.stderr).toBe(0);
    expect(same(dir, 'whole.json', 'merged.json')).toBe(true);
    expect(m.stderr).toBe('merged 2 shards of mvsim run (6 jobs)\n');
  });
});

describe('merge refuses what it cannot merge', () => {
  async function threeShards(): Promise<string> {
    const dir = tempDir();
    for (let i = 1; i <= 3; i++) expect((await cli(['run', BASE, '--seeds', '1..9', '--firms', '300', '--out', 'parts/x.json', '--shard', `${i}/3`, '--quiet'], dir)).code).toBe(0);
    return dir;
  }

  it('a missing shard: named, with the command that makes it; nothing written', async () => {
    const dir = await threeShards();
    const r = await cli(['merge', 'parts/x.part-1-of-3.json', 'parts/x.part-3-of-3.json', '--out', 'never.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing 1 of 3 shards (2)');
    expect(r.stderr).toContain(`shard 2 of 3: (cd ${dir} && npx mvsim run ${BASE} --seeds 1..9 --firms 300 --out parts/x.json --quiet --shard 2/3)`);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it('a shard given twice is named with both files', async () => {
    const dir = await threeShards();
    copyFileSync(join(dir, 'parts/x.part-2-of-3.json'), join(dir, 'parts/y.part-2-of-3.json'));
    const r = await cli(['merge', 'parts', '--out', 'never.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Shard 2 of 3 is given 2 times: parts/x.part-2-of-3.json, parts/y.part-2-of-3.json');
  });

  it("a foreign partial (another scenario, other arguments, another shard count, another engine) is refused, located at the field", async () => {
    const dir = await threeShards();
    expect((await cli(['run', join(SCENARIOS, 'secondary-sanctions-strict.yaml'), '--seeds', '1..9', '--firms', '300', '--out', 'other/x.json', '--shard', '2/3', '--quiet'], dir)).code).toBe(0);
    const r = await cli(['merge', 'parts/x.part-1-of-3.json', 'other/x.part-2-of-3.json', 'parts/x.part-3-of-3.json', '--out', 'never.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/other\/x\.part-2-of-3\.json:1:\d+: error NOT_A_PARTIAL at args: Not a shard of the same command as parts\/x\.part-1-of-3\.json: run with other arguments \(scenario\)/);
    const doc = JSON.parse(readFileSync(join(dir, 'parts/x.part-2-of-3.json'), 'utf8'));
    for (const [name, edit, field] of [
      ['engine', (d: any) => (d.engine.version = '0.0.1'), 'engine'],
      ['firms', (d: any) => (d.args.firms = 301), 'args'],
      ['count', (d: any) => ((d.shard.count = 4), (d.jobs.total = 12), (d.jobs.first = 3), (d.jobs.end = 6)), 'shard'],
    ] as const) {
      const t = structuredClone(doc);
      edit(t);
      writeFileSync(join(dir, `${name}.part-2-of-3.json`), JSON.stringify(t));
      const q = await cli(['merge', 'parts/x.part-1-of-3.json', `${name}.part-2-of-3.json`, 'parts/x.part-3-of-3.json', '--out', 'never.json'], dir);
      expect(q.code, name).toBe(2);
      expect(q.stderr, name).toMatch(new RegExp(`${name}\\.part-2-of-3\\.json:1:\\d+: error NOT_A_PARTIAL at ${field}`));
    }
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it('not a partial file, and a partial whose jobs do not fit its shard, are NOT_A_PARTIAL', async () => {
    const dir = await threeShards();
    expect((await cli(['run', BASE, '--seed', '1', '--firms', '300', '--out', 'run.json'], dir)).code).toBe(0);
    const r = await cli(['merge', 'run.json', '--out', 'never.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/run\.json:\d+:1: error NOT_A_PARTIAL at kind: Not an mvsim partial file: expected "kind": "partial", got "run"/);
    const doc = JSON.parse(readFileSync(join(dir, 'parts/x.part-2-of-3.json'), 'utf8'));
    doc.results.pop();
    writeFileSync(join(dir, 'short.part-2-of-3.json'), JSON.stringify(doc));
    const q = await cli(['merge', 'short.part-2-of-3.json', '--out', 'never.json'], dir);
    expect(q.code).toBe(2);
    expect(q.stderr).toContain('Not a valid partial file: 2 results for 3 jobs');
  });

  it('--verify runs jobs again and refuses partials that differ from this machine (exit 1, nothing written)', async () => {
    const dir = await threeShards();
    const ok = await cli(['merge', 'parts', '--out', 'ok.json', '--verify', '9'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('9 jobs run again here matched the partials bit for bit');
    const file = join(dir, 'parts/x.part-2-of-3.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    // one seed's rows, changed in one value: what a faulty node would send
    const rows = decodeJobValue(doc.results[1].outcome.summary.rows) as Float64Array;
    rows[100] = rows[100]! + 1e-9;
    doc.results[1].outcome.summary.rows = encodeJobValue(rows);
    writeFileSync(file, JSON.stringify(doc));
    const bad = await cli(['merge', 'parts', '--out', 'never.json', '--verify', '9'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Verification failed: 1 of the 9 jobs run again here (job 4,');
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  /** The merge's Env on `dir`, logging every partial file read and letting a test change a file's text on its nth read. */
  function watchedEnv(dir: string, change?: { file: string; read: number; edit: (text: string) => string }): { env: Env; reads: string[] } {
    const reads: string[] = [];
    const env = withReads(nodeEnv(dir), (file, maxBytes, expected, next) => {
      const got = next(file, maxBytes, expected);
      if (!file.includes('.part-')) return got;
      reads.push(file.replace(/^.*\//, ''));
      const n = reads.filter((r) => file.endsWith(r)).length;
      return got.ok && change && file.endsWith(change.file) && n === change.read ? { ok: true, text: change.edit(got.text) } : got;
    });
    return { env, reads };
  }

  it('holds one partial at a time: each is read once to be checked, then once more, in shard order, as its results are folded', async () => {
    const dir = await threeShards();
    const { env, reads } = watchedEnv(dir);
    const done = await mergePartials(env, { partials: ['parts/x.part-3-of-3.json', 'parts/x.part-1-of-3.json', 'parts/x.part-2-of-3.json'], out: 'streamed.json', force: false, verify: 0, verifySeed: 1 });
    expect(done.ok).toBe(true);
    expect(reads).toEqual(['x.part-3-of-3.json', 'x.part-1-of-3.json', 'x.part-2-of-3.json', 'x.part-1-of-3.json', 'x.part-2-of-3.json', 'x.part-3-of-3.json']);
    const whole = await cli(['run', BASE, '--seeds', '1..9', '--firms', '300', '--out', 'whole.json', '--quiet'], dir);
    expect(whole.code).toBe(0);
    expect(same(dir, 'whole.json', 'streamed.json')).toBe(true);
  });

  it('a partial that changes between its check and its folding fails the merge (RUN_FAILED, a failure: exit 1), writing nothing', async () => {
    const dir = await threeShards();
    // the second read of shard 2 finds a valid partial of another run (made in another folder) written over it
    const { env } = watchedEnv(dir, { file: 'x.part-2-of-3.json', read: 2, edit: (t) => t.replace(/"cwd":"[^"]*"/, '"cwd":"/elsewhere"') });
    const done = await mergePartials(env, { partials: ['parts'], out: 'never.json', force: false, verify: 0, verifySeed: 1 });
    expect(done.ok).toBe(false);
    if (!done.ok) expect(done.issues).toEqual([expect.objectContaining({ code: 'RUN_FAILED', message: expect.stringContaining('parts/x.part-2-of-3.json changed while it was being merged; nothing was written') })]);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
    // so does one whose results alone changed (a shard still writing, or a faulty node writing again), also when
    // --verify has read it once already: every read of a partial must find the text that was checked
    for (const verify of [0, 9]) {
      expect(readFileSync(join(dir, 'parts/x.part-1-of-3.json'), 'utf8')).toMatch(/"rows":\{"\$f64":"/); // the edit below finds what it changes
      const rewritten = watchedEnv(dir, { file: 'x.part-1-of-3.json', read: verify ? 3 : 2, edit: (t) => t.replace(/"rows":\{"\$f64":"(.)/, (m, c: string) => m.slice(0, -1) + (c === 'A' ? 'B' : 'A')) });
      const changed = await mergePartials(rewritten.env, { partials: ['parts'], out: 'never.json', force: false, verify, verifySeed: 1 });
      expect(changed.ok ? [] : changed.issues.map((i) => i.message), `verify ${verify}`).toEqual([expect.stringContaining('x.part-1-of-3.json changed while it was being merged')]);
    }
    // a file that no longer parses fails the same way
    const broken = watchedEnv(dir, { file: 'x.part-3-of-3.json', read: 2, edit: (t) => t.slice(0, 100) });
    const cut = await mergePartials(broken.env, { partials: ['parts'], out: 'never.json', force: false, verify: 0, verifySeed: 1 });
    expect(cut.ok ? [] : cut.issues.map((i) => i.code)).toEqual(['RUN_FAILED']);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });
});

describe('--shard', () => {
  it('auto reads Slurm, Kubernetes and AWS Batch array variables, and refuses to guess', () => {
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '3', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 4, count: 4 });
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4' })).toEqual({ index: 1, count: 4 });
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '12', SLURM_ARRAY_TASK_STEP: '4' })).toEqual({ index: 3, count: 4 });
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0', MVSIM_SHARD_COUNT: '5' })).toEqual({ index: 1, count: 5 });
    expect(shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: '9', AWS_BATCH_JOB_ARRAY_SIZE: '10' })).toEqual({ index: 10, count: 10 });
    expect(() => shardFromEnvironment({})).toThrow(/no array job index is set/);
    expect(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '2' })).toThrow(/SLURM_ARRAY_TASK_MIN/);
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '2' })).toThrow(/MVSIM_SHARD_COUNT/);
    expect(() => shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: '2' })).toThrow(/AWS_BATCH_JOB_ARRAY_SIZE/);
    expect(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '2', JOB_COMPLETION_INDEX: '0', MVSIM_SHARD_COUNT: '2' })).toThrow(/both Slurm and Kubernetes/);
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '5', MVSIM_SHARD_COUNT: '5' })).toThrow(/task 6 of 5/);
  });

  it('through the CLI: auto in an array task, bad values and single runs refused with exit 2', async () => {
    const dir = tempDir();
    let stderr = '';
    let stdout = '';
    const code = await runCli(['run', BASE, '--seeds', '1..4', '--firms', '200', '--shard', 'auto', '--out', 'a.json', '--quiet'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, isTTY: false, environment: { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '2' } });
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('a.part-2-of-2.json\n');
    const partial = JSON.parse(readFileSync(join(dir, 'a.part-2-of-2.json'), 'utf8'));
    expect(partial.shard).toEqual({ index: 2, count: 2 });
    expect(partial.jobs).toEqual({ total: 4, first: 2, end: 4 });
    for (const [args, message] of [
      [['--seeds', '1..4', '--shard', '0/4'], /shards count from 1 to 4/],
      [['--seeds', '1..4', '--shard', '5/4'], /shards count from 1 to 4/],
      [['--seeds', '1..4', '--shard', 'two'], /expected I\/N/],
      [['--seeds', '1..4', '--shard', 'auto'], /no array job index is set/],
      [['--seed', '1', '--shard', '1/2'], /--shard applies to ensembles/],
    ] as const) {
      const r = await cli(['run', BASE, ...args, '--out', 'b.json'], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('the shards of any count cover every job exactly once, in order (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 300 }), (total, count) => {
        let next = 0;
        for (let index = 1; index <= count; index++) {
          const { first, end } = shardJobs(total, { index, count });
          expect(first).toBe(next);
          expect(end - first).toBeGreaterThanOrEqual(Math.floor(total / count));
          expect(end - first).toBeLessThanOrEqual(Math.ceil(total / count));
          next = end;
        }
        expect(next).toBe(total);
      }),
    );
  });

  it('job results round-trip through a partial file bit for bit, -0, NaN and infinities included (property)', () => {
    const num = fc.oneof(fc.double(), fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE));
    fc.assert(
      fc.property(fc.array(num, { maxLength: 20 }), num, fc.string(), (xs, x, s) => {
        const value = { ok: true, values: Float64Array.from(xs), x, list: [x, s, { y: x }], missing: undefined };
        const back = decodeJobValue(JSON.parse(JSON.stringify(encodeJobValue(value)))) as typeof value;
        expect(Array.from(back.values).map((v) => Object.is(v, -0) ? '-0' : String(v))).toEqual(xs.map((v) => Object.is(v, -0) ? '-0' : String(v)));
        expect(Object.is(back.x, x)).toBe(true);
        expect(Object.is((back.list[2] as { y: number }).y, x)).toBe(true);
        expect('missing' in back).toBe(false);
      }),
    );
  });

  it('--verify picks the same jobs for the same seed, each once', () => {
    expect(verifiedJobs(100, 5, 1)).toEqual(verifiedJobs(100, 5, 1));
    expect(verifiedJobs(100, 5, 1)).not.toEqual(verifiedJobs(100, 5, 2));
    expect(new Set(verifiedJobs(100, 100, 3)).size).toBe(100);
    expect(verifiedJobs(3, 10, 1)).toEqual([0, 1, 2]);
  });
});
