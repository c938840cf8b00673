import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { continueEnsemble } from '../src/app/ensemble.js';
import { nodeEnv } from '../src/node/env.js';
import { runOrdered } from '../src/parallel/orderedPool.js';
import { cli, ROOT, SCENARIOS, tempDir } from './_helpers.js';

const baseline = join(SCENARIOS, 'baseline-2022.yaml');
const strict = join(SCENARIOS, 'secondary-sanctions-strict.yaml');

const bytes = (file: string): Buffer => readFileSync(file);
const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Runs the CLI and expects it to succeed quietly. */
async function ok(args: string[]): Promise<void> {
  const r = await cli(args);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.code, args.join(' ')).toBe(0);
}

/** Runs the CLI, expects exit 2 with stderr matching every pattern, and returns stderr. */
async function refused(args: string[], ...patterns: RegExp[]): Promise<string> {
  const r = await cli(args);
  for (const p of patterns) expect(r.stderr).toMatch(p);
  expect(r.code, r.stderr).toBe(2);
  return r.stderr;
}

/**
 * Shared by every test: the baseline ensemble over seeds 1..3 with 300 firms, run
 * whole and again with every seed's state saved after May 2022 (a worker thread's
 * start costs about a second, so ensembles are made once where they can be).
 */
let fixture: { dir: string; whole: string; made: string; states: string };
beforeAll(async () => {
  const dir = tempDir();
  fixture = { dir, whole: join(dir, 'whole.json'), made: join(dir, 'made.json'), states: join(dir, 'states') };
  await ok(['run', baseline, '--seeds', '1..3', '--firms', '300', '--workers', '1', '--out', fixture.whole]);
  await ok(['run', baseline, '--seeds', '1..3', '--firms', '300', '--workers', '2', '--checkpoint-at', '2022-05', '--checkpoint-dir', fixture.states, '--out', fixture.made]);
});

/** States of seeds 1..3 after a month, saved by single runs (whose states the ensemble's equal, as the first test shows). */
async function singleRunStates(scenario: string, month: string, dir: string): Promise<void> {
  for (const seed of [1, 2, 3]) {
    await ok(['run', scenario, '--seed', String(seed), '--firms', '300', '--checkpoint-at', month, '--checkpoint-out', join(dir, stateName(scenario, seed, month)), '--out', join(dir, `run${seed}.json`), '--force']);
  }
}
const stateName = (scenario: string, seed: number, month: string): string => `${scenario.split('/').pop()!.replace('.yaml', '')}-seed${seed}-${month}.state.json`;

describe('run --seeds --checkpoint-at --checkpoint-dir', () => {
  it("writes each seed's state byte-identical to that seed's single run, and the ensemble file is unchanged", async () => {
    expect(bytes(fixture.made)).toEqual(bytes(fixture.whole));
    expect(readdirSync(fixture.states)).toEqual([1, 2, 3].map((s) => stateName(baseline, s, '2022-05')));
    const single = join(tempDir(), 'single');
    await singleRunStates(baseline, '2022-05', single);
    for (const seed of [1, 2, 3]) expect(bytes(join(fixture.states, stateName(baseline, seed, '2022-05'))), `seed ${seed}`).toEqual(bytes(join(single, stateName(baseline, seed, '2022-05'))));
  });
});

describe('run --from-state DIR', () => {
  it('resuming a folder of states gives the uninterrupted ensemble, byte for byte, on 1 and 2 workers, for two scenarios at two months each', async () => {
    const dir = tempDir();
    const north = join(SCENARIOS, 'russian-coercion-north.yaml');
    const northWhole = join(dir, 'north.json');
    await ok(['run', north, '--seeds', '1..3', '--firms', '300', '--workers', '2', '--out', northWhole]);
    // The ensemble's own states; the start state; a month inside the run; its last month.
    const cases: [string, string, string, string[]][] = [
      [baseline, fixture.states, fixture.whole, ['1', '2']],
      [baseline, join(dir, 'base-2022-03'), fixture.whole, ['2']],
      [north, join(dir, 'north-2022-11'), northWhole, ['1']],
      [north, join(dir, 'north-2025-03'), northWhole, ['2']],
    ];
    for (const [scenario, states, whole, workerCounts] of cases) {
      if (!existsSync(states)) await singleRunStates(scenario, states.slice(-7), states);
      for (const workers of workerCounts) {
        const resumed = join(dir, 'resumed.json');
        await ok(['run', scenario, '--from-state', states, '--workers', workers, '--out', resumed, '--force']);
        expect(bytes(resumed), `${states} on ${workers} workers`).toEqual(bytes(whole));
      }
    }
    // --seeds picks exactly those states (here not seed 4's): the uninterrupted ensemble of those seeds.
    const more = join(dir, 'more');
    cpSync(fixture.states, more, { recursive: true });
    await ok(['run', baseline, '--seed', '4', '--firms', '300', '--checkpoint-at', '2022-05', '--checkpoint-out', join(more, stateName(baseline, 4, '2022-05')), '--out', join(dir, 'run4.json')]);
    await ok(['run', baseline, '--from-state', more, '--seeds', '1..3', '--workers', '1', '--out', join(dir, 'three.json')]);
    expect(bytes(join(dir, 'three.json'))).toEqual(bytes(fixture.whole));
  });

  it("a branch ensemble equals the branch scenario's own ensemble but for `branch`, which traces the states it came from", async () => {
    const dir = tempDir();
    const states = fixture.states;
    // The strict scenario's events start in 2022-06: it agrees with the baseline up to 2022-05.
    await ok(['run', strict, '--from-state', states, '--workers', '2', '--keep-runs', join(dir, 'runs'), '--out', join(dir, 'branch.json')]);
    await ok(['run', strict, '--seeds', '1..3', '--firms', '300', '--workers', '2', '--out', join(dir, 'scratch.json')]);
    const { branch, ...rest } = json(join(dir, 'branch.json'));
    expect(rest).toEqual(json(join(dir, 'scratch.json')));
    const files = readdirSync(states).map((f) => join(states, f));
    const stateDoc = json(files[0]!) as { scenario: { sha256: string } };
    expect(branch).toEqual({
      month: '2022-05',
      parent: { name: 'baseline-2022', sha256: stateDoc.scenario.sha256 },
      states: 3,
      // what `sha256sum states/* | cut -d' ' -f1 | sort | sha256sum` prints
      statesSha256: sha256(files.map((f) => `${sha256(bytes(f))}\n`).sort().join('')),
    });
    expect(json(fixture.made)['branch']).toBeUndefined();
    // Each kept run is the single-run branch of its seed's state; --seed N picks that state from the folder.
    await ok(['run', strict, '--from-state', states, '--seed', '2', '--out', join(dir, 'one.json')]);
    expect(bytes(join(dir, 'one.json'))).toEqual(bytes(join(dir, 'runs', 'secondary-sanctions-strict-seed2.json')));
    expect((json(join(dir, 'one.json'))['branch'] as { stateSha256: string }).stateSha256).toBe(sha256(bytes(join(states, stateName(baseline, 2, '2022-05')))));
  });

  it('reads each state again just before its job is sent, and a state that changed since the check fails its seed, not the ensemble', async () => {
    const dir = tempDir();
    cpSync(fixture.states, join(dir, 'states'), { recursive: true });
    const real = nodeEnv(dir);
    const reads = new Map<string, number>();
    const env = {
      ...real,
      files: {
        ...real.files,
        read: (file: string, max: number, expected: string) => {
          const n = (reads.get(file) ?? 0) + 1;
          reads.set(file, n);
          const got = real.files.read(file, max, expected);
          // seed 2's file is edited between the check and its job
          return got.ok && n === 2 && file.includes('seed2-') ? { ok: true as const, text: got.text.replace('"month": "2022-05"', '"month": "2022-05" ') } : got;
        },
      },
    };
    const r = await continueEnsemble(env, { scenario: baseline, fromState: 'states', workers: 1, months: [], out: 'resumed.json', force: false });
    expect(r.ok && r.failures).toEqual([{ seed: 2, error: expect.stringMatching(/^states\/baseline-2022-seed2-2022-05\.state\.json changed while the ensemble ran/) }]);
    expect([...reads.entries()].filter(([f]) => f.endsWith('.state.json')).map(([, n]) => n)).toEqual([2, 2, 2]);
  });

  describe('refusals: exit 2, located, nothing written', () => {
    let dir: string;
    let states: string;
    let text: string;
    beforeAll(() => {
      dir = tempDir();
      states = fixture.states;
      text = readFileSync(join(states, stateName(baseline, 2, '2022-05')), 'utf8');
    });
    /** A copy of the good folder, with extra files. */
    const folder = (name: string, extra: Record<string, string> = {}): string => {
      const copy = join(dir, name);
      cpSync(states, copy, { recursive: true });
      for (const [f, t] of Object.entries(extra)) writeFileSync(join(copy, f), t);
      return copy;
    };
    const out = (): string => join(dir, 'never.json');
    const nothingWritten = (): void => expect(existsSync(out())).toBe(false);

    it('a folder mixing months, scenarios or firm counts, or holding a seed twice, at the odd file and field', async () => {
      const other = tempDir();
      await ok(['run', baseline, '--seed', '7', '--firms', '300', '--checkpoint-at', '2022-06', '--checkpoint-out', join(other, 'm.json'), '--out', join(other, 'm-run.json')]);
      await ok(['run', join(SCENARIOS, 'pipeline-disruption.yaml'), '--seed', '8', '--firms', '300', '--checkpoint-at', '2022-05', '--checkpoint-out', join(other, 's.json'), '--out', join(other, 's-run.json')]);
      await ok(['run', baseline, '--seed', '9', '--firms', '301', '--checkpoint-at', '2022-05', '--checkpoint-out', join(other, 'f.json'), '--out', join(other, 'f-run.json')]);
      const mixed = folder('mixed', {
        'z-month.state.json': readFileSync(join(other, 'm.json'), 'utf8'),
        'z-scenario.state.json': readFileSync(join(other, 's.json'), 'utf8'),
        'z-firms.state.json': readFileSync(join(other, 'f.json'), 'utf8'),
        'z-twin.state.json': text,
      });
      const err = await refused(
        ['run', baseline, '--from-state', mixed, '--out', out()],
        /z-month\.state\.json:\d+:1: error INCOMPARABLE at month: this state is at 2022-06; .*baseline-2022-seed1-2022-05\.state\.json is at 2022-05\. A folder given to --from-state holds the states of one run at one month/,
        /z-scenario\.state\.json:\d+:1: error INCOMPARABLE at scenario: this state is of scenario pipeline-disruption \([0-9a-f]{12}…\); .* is of baseline-2022/,
        /z-firms\.state\.json:\d+:1: error INCOMPARABLE at firms: this state is of 301 firms; .* is of 300/,
        /z-twin\.state\.json:\d+:1: error INCOMPARABLE at seed: a second state of seed 2: .*baseline-2022-seed2-2022-05\.state\.json is one too/,
      );
      expect(err).toMatch(/^4 errors$/m);
      nothingWritten();
    });

    it('a seed asked for without a state, naming it', async () => {
      await refused(['run', baseline, '--from-state', states, '--seeds', '2..5', '--out', out()], /^--seeds: .*states holds no states of seeds 4, 5; it holds 3 states, of seeds 1, 2, 3$/m);
      await refused(['run', baseline, '--from-state', states, '--seed', '7', '--out', out()], /^--seed: .*states holds no state of seed 7; it holds 3 states, of seeds 1, 2, 3$/m);
      nothingWritten();
    });

    it("a scenario that diverges before the states' month, once for all states, located in the scenario file", async () => {
      writeFileSync(join(dir, 'early.yaml'), `name: early\nextends: ${baseline}\nevents:\n  - { id: us-early, type: enforcement, by: US, level: 0.8, from: "2022-04" }\n`);
      await refused(
        ['run', join(dir, 'early.yaml'), '--from-state', states, '--out', out()],
        /early\.yaml:4:5: error BRANCH_DIVERGES at events\[0\]: Cannot continue the states in .*states \(2022-05\) with this scenario: this run has an event acting by step 2 that the state's run did not have at this place in its timeline: us-early, from 2022-04/,
        /^1 error$/m,
      );
      writeFileSync(join(dir, 'p.yaml'), `name: p\nextends: ${baseline}\nparameters:\n  sanctions.enforcement0.US: 0.5\n`);
      await refused(['run', join(dir, 'p.yaml'), '--from-state', states, '--out', out()], /p\.yaml:4:3: error BRANCH_DIVERGES at parameters\.sanctions\.enforcement0\.US/, /^1 error$/m);
      nothingWritten();
    });

    it('another engine, calibration or firm count than the states were made with, in each state', async () => {
      const old = folder('old', { [stateName(baseline, 2, '2022-05')]: text.replace(/"version": "[^"]+"/, '"version": "0.0.1"') });
      await refused(['run', baseline, '--from-state', old, '--out', out()], /old\/baseline-2022-seed2-2022-05\.state\.json:\d+:1: error INCOMPARABLE at engine: made by mvsim 0\.0\.1/, /^1 error$/m);
      const calibration = join(dir, 'calibration.yaml');
      writeFileSync(calibration, `${readFileSync(join(ROOT, 'calibration', 'calibration.yaml'), 'utf8')}\n# another calibration\n`);
      await refused(['run', baseline, '--from-state', states, '--calibration', calibration, '--out', out()], /seed3-2022-05\.state\.json:\d+:1: error INCOMPARABLE at calibration: made with calibration [0-9a-f]{12}…; the calibration given is/, /^3 errors$/m);
      await refused(['run', baseline, '--from-state', states, '--firms', '301', '--out', out()], /seed1-2022-05\.state\.json:\d+:1: error INCOMPARABLE at firms: --firms 301: the state has 300 firms/);
      nothingWritten();
    });

    it('files in the folder that are not states, and folders without states', async () => {
      const bad = folder('bad', { 'run.state.json': readFileSync(fixture.whole, 'utf8') });
      await refused(['run', baseline, '--from-state', bad, '--out', out()], /run\.state\.json:\d+:1: error NOT_A_STATE at kind: Not an mvsim state: expected "kind": "state", got "ensemble"/);
      mkdirSync(join(dir, 'empty'));
      writeFileSync(join(dir, 'empty', 'notes.json'), '{}');
      await refused(['run', baseline, '--from-state', join(dir, 'empty'), '--out', out()], /--from-state .*empty: the folder holds no \*\.state\.json files/);
      await refused(['run', baseline, '--from-state', join(states, stateName(baseline, 1, '2022-05')), '--seeds', '1..3', '--out', out()], /not a folder; a single state file continues as one run \(leave out --seeds\)/);
      nothingWritten();
    });

    it('existing destinations, every one, before any work (unless --force)', async () => {
      const taken = join(dir, 'taken');
      mkdirSync(taken);
      writeFileSync(join(taken, stateName(baseline, 2, '2022-05')), 'x');
      writeFileSync(join(dir, 'taken.json'), 'x');
      const args = ['run', baseline, '--seeds', '1..3', '--firms', '300', '--checkpoint-at', '2022-05', '--checkpoint-dir', taken];
      const err = await refused([...args, '--out', join(dir, 'taken.json')], /taken\.json already exists; pass --force to overwrite it, or choose another --out/, /seed2-2022-05\.state\.json already exists; pass --force to overwrite it, or choose another --checkpoint-dir/);
      expect(err.trim().split('\n')).toHaveLength(2);
      await refused([...args, '--out', out()], /seed2-2022-05\.state\.json already exists/);
      expect(readdirSync(taken)).toEqual([stateName(baseline, 2, '2022-05')]);
      expect(readFileSync(join(dir, 'taken.json'), 'utf8')).toBe('x');
      nothingWritten();
      await refused(['run', baseline, '--from-state', states, '--out', join(dir, 'taken.json')], /taken\.json already exists/);
      writeFileSync(join(taken, 'baseline-2022-seed3.json'), 'x');
      await refused(['run', baseline, '--from-state', states, '--keep-runs', taken, '--out', out()], /seed3\.json already exists; pass --force to overwrite it, or choose another --keep-runs folder/);
      nothingWritten();
      // --force overwrites them all, with the same bytes as a fresh folder
      await ok([...args, '--out', join(dir, 'taken.json'), '--force']);
      expect(bytes(join(taken, stateName(baseline, 2, '2022-05')))).toEqual(bytes(join(states, stateName(baseline, 2, '2022-05'))));
      expect(bytes(join(dir, 'taken.json'))).toEqual(bytes(fixture.whole));
    });

    it('options that do not fit, before any work', async () => {
      const usage = async (args: string[], pattern: RegExp): Promise<void> => {
        await refused(['run', baseline, ...args, '--out', out()], pattern);
        nothingWritten();
      };
      await usage(['--seed', '1', '--checkpoint-at', '2022-05', '--checkpoint-dir', join(dir, 'x')], /--checkpoint-dir applies to ensembles \(--seeds\); a single run writes its state to --checkpoint-out FILE/);
      await usage(['--seeds', '1..2', '--checkpoint-dir', join(dir, 'x')], /--checkpoint-dir needs --checkpoint-at YYYY-MM/);
      await usage(['--seeds', '1..2', '--checkpoint-at', '2022-05', '--checkpoint-out', join(dir, 'x.json')], /--checkpoint-out applies to single runs \(--seed N\); an ensemble writes one state per seed into --checkpoint-dir DIR/);
      await usage(['--seeds', '1..2', '--checkpoint-at', '2031-01', '--checkpoint-dir', join(dir, 'x')], /--checkpoint-at 2031-01: expected a month of this run/);
      await usage(['--from-state', states, '--checkpoint-at', '2022-06', '--checkpoint-dir', join(dir, 'x')], /--checkpoint-at with --from-state: continue the state first/);
      await usage(['--from-state', states, '--month', '2031-01'], /--month 2031-01: not a month of this run/);
      expect(existsSync(join(dir, 'x'))).toBe(false);
    });
  });
});

describe('the pool builds lazy jobs just before sending them', () => {
  it('asks for each job once, in order, never more than the window ahead of delivery, and tells a crash by its index', async () => {
    const asked: number[] = [];
    const crashed: number[] = [];
    let delivered = 0;
    let ahead = 0;
    await runOrdered<number, number | string>({
      script: join(ROOT, 'test/fixtures/scrambleWorker.mjs'),
      workers: 3,
      workerData: null,
      window: 6,
      jobs: {
        length: 40,
        at: (i) => {
          asked.push(i);
          ahead = Math.max(ahead, i - delivered);
          return i;
        },
      },
      onCrash: (index, error) => {
        crashed.push(index);
        return error;
      },
      onResult: () => void delivered++,
    });
    expect(asked).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(delivered).toBe(40);
    expect(ahead).toBeLessThan(6);
    expect(crashed).toContain(13);
  });
});
