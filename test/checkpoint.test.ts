import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

const baseline = join(SCENARIOS, 'baseline-2022.yaml');

/** A scenario that is the baseline until mid-2023 and then adds strict US enforcement: a branch of the baseline. */
const lateStrict = (dir: string): string => {
  const file = join(dir, 'late.yaml');
  writeFileSync(file, `name: late-strict\nextends: ${baseline}\nevents:\n  - { id: us-strict-2023, type: enforcement, by: US, level: 0.8, from: "2023-06" }\n`);
  return file;
};

describe('run --checkpoint-at and --from-state', () => {
  it('run, checkpoint, resume: the same bytes as the uninterrupted run, for several scenarios and months', async () => {
    const dir = tempDir();
    const cases: [string, string][] = [
      ['baseline-2022.yaml', '2022-03'],
      ['russian-coercion-north.yaml', '2023-01'],
      ['pipeline-disruption.yaml', '2022-08'],
      ['combined-stress.yaml', '2025-03'],
    ];
    for (const [name, month] of cases) {
      const scenario = join(SCENARIOS, name);
      const whole = join(dir, `${name}.whole.json`);
      const state = join(dir, `${name}.${month}.state.json`);
      const resumed = join(dir, `${name}.resumed.json`);
      expect((await cli(['run', scenario, '--seed', '3', '--firms', '800', '--out', whole])).code).toBe(0);
      const made = await cli(['run', scenario, '--seed', '3', '--firms', '800', '--checkpoint-at', month, '--checkpoint-out', state, '--out', join(dir, 'again.json'), '--force']);
      expect(made.code).toBe(0);
      expect(readFileSync(join(dir, 'again.json'))).toEqual(readFileSync(whole));
      const doc = JSON.parse(readFileSync(state, 'utf8')) as { kind: string; month: string; seed: number; firms: number };
      expect([doc.kind, doc.month, doc.seed, doc.firms]).toEqual(['state', month, 3, 800]);
      const cont = await cli(['run', scenario, '--from-state', state, '--out', resumed]);
      expect(cont.stderr).toBe('');
      expect(cont.code).toBe(0);
      expect(readFileSync(resumed)).toEqual(readFileSync(whole));
    }
  });

  it('a branch into a scenario that agrees up to the checkpoint equals that scenario run from the start, and records its parent state', async () => {
    const dir = tempDir();
    const late = lateStrict(dir);
    const state = join(dir, 'base.state.json');
    expect((await cli(['run', baseline, '--firms', '800', '--checkpoint-at', '2023-03', '--checkpoint-out', state, '--out', join(dir, 'base.json')])).code).toBe(0);
    expect((await cli(['run', late, '--from-state', state, '--out', join(dir, 'branch.json')])).code).toBe(0);
    expect((await cli(['run', late, '--firms', '800', '--out', join(dir, 'scratch.json')])).code).toBe(0);
    const branch = JSON.parse(readFileSync(join(dir, 'branch.json'), 'utf8')) as Record<string, unknown>;
    const scratch = JSON.parse(readFileSync(join(dir, 'scratch.json'), 'utf8')) as Record<string, unknown>;
    const { branch: origin, ...rest } = branch;
    expect(rest).toEqual(scratch);
    const stateDoc = JSON.parse(readFileSync(state, 'utf8')) as { scenario: { sha256: string } };
    expect(origin).toEqual({ month: '2023-03', parent: { name: 'baseline-2022', sha256: stateDoc.scenario.sha256 }, stateSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // and the late strict sanctions do bite after the branch point
    const series = (scratch['series'] as Record<string, number[]>)['sanctions.enforcement']!;
    const baseSeries = (JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as { series: Record<string, number[]> }).series['sanctions.enforcement']!;
    expect(series.slice(0, 15)).toEqual(baseSeries.slice(0, 15));
    expect(series[16]!).toBeGreaterThan(baseSeries[16]!);
  });

  it('refuses a branch that disagrees before the checkpoint, at the first difference in the scenario file', async () => {
    const dir = tempDir();
    const state = join(dir, 's.json');
    expect((await cli(['run', baseline, '--firms', '300', '--checkpoint-at', '2023-03', '--checkpoint-out', state, '--out', join(dir, 'b.json')])).code).toBe(0);
    const strict = await cli(['run', join(SCENARIOS, 'secondary-sanctions-strict.yaml'), '--from-state', state, '--out', join(dir, 'x.json')]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/secondary-sanctions-strict\.yaml:\d+:5: error BRANCH_DIVERGES at events\[0\]: Cannot continue .*s\.json \(2023-03\) with this scenario: this run has an event acting by step 12 that the state's run did not have/);
    writeFileSync(join(dir, 'p.yaml'), `name: p\nextends: ${baseline}\nparameters:\n  sanctions.enforcement0.US: 0.5\n`);
    const param = await cli(['run', join(dir, 'p.yaml'), '--from-state', state, '--out', join(dir, 'x.json')]);
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('p.yaml:4:3: error BRANCH_DIVERGES at parameters.sanctions.enforcement0.US');
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('refuses states it cannot continue, with a located error and nothing written', async () => {
    const dir = tempDir();
    const state = join(dir, 's.json');
    const out = join(dir, 'x.json');
    expect((await cli(['run', baseline, '--firms', '300', '--checkpoint-at', '2022-06', '--checkpoint-out', state, '--out', join(dir, 'b.json')])).code).toBe(0);
    const text = readFileSync(state, 'utf8');
    const check = async (args: string[], pattern: RegExp): Promise<void> => {
      const r = await cli(['run', baseline, ...args, '--out', out]);
      expect(r.stderr).toMatch(pattern);
      expect(r.code).toBe(2);
      expect(existsSync(out)).toBe(false);
    };
    await check(['--from-state', state, '--seed', '9'], /s\.json:\d+:1: error INCOMPARABLE at seed: --seed 9: the state was made with seed 1/);
    await check(['--from-state', state, '--firms', '301'], /error INCOMPARABLE at firms: --firms 301: the state has 300 firms/);
    writeFileSync(join(dir, 'old.json'), text.replace(/"version": "[^"]+"/, '"version": "0.0.1"'));
    await check(['--from-state', join(dir, 'old.json')], /old\.json:\d+:1: error INCOMPARABLE at engine: made by mvsim 0\.0\.1/);
    writeFileSync(join(dir, 'bad.json'), text.replace('"month": "2022-06"', '"month": "2022-07"'));
    await check(['--from-state', join(dir, 'bad.json')], /bad\.json:\d+:1: error NOT_A_STATE at month: Not a consistent state: step 3 of a run starting 2022-03 is 2022-06, not 2022-07/);
    writeFileSync(join(dir, 'cut.json'), text.slice(0, 5000));
    await check(['--from-state', join(dir, 'cut.json')], /cut\.json:\d+:\d+: error JSON_SYNTAX/);
    await check(['--from-state', join(dir, 'b.json')], /error NOT_A_STATE at kind: Not an mvsim state: expected "kind": "state", got "run"/);
    await check(['--from-state', join(dir, 'missing.json')], /missing\.json:1:1: error FILE_NOT_FOUND/);
  });

  it('checks checkpoint options before any work', async () => {
    const dir = tempDir();
    const out = join(dir, 'x.json');
    const usage = async (args: string[], pattern: RegExp): Promise<void> => {
      const r = await cli(['run', baseline, ...args]);
      expect(r.stderr).toMatch(pattern);
      expect(r.code).toBe(2);
      expect(existsSync(out)).toBe(false);
    };
    await usage(['--checkpoint-at', '2030-01', '--out', out], /--checkpoint-at 2030-01: expected a month of this run as YYYY-MM, from 2022-03/);
    await usage(['--checkpoint-at', 'soon', '--out', out], /--checkpoint-at soon/);
    await usage(['--checkpoint-out', join(dir, 's.json'), '--out', out], /--checkpoint-out needs --checkpoint-at/);
    await usage(['--seeds', '1..3', '--checkpoint-at', '2022-06', '--out', out], /--checkpoint-at 2022-06 with --seeds needs --checkpoint-dir DIR/);
    await usage(['--from-state', join(dir, 's.json'), '--checkpoint-at', '2022-06', '--out', out], /--checkpoint-at with --from-state/);
    writeFileSync(join(dir, 'taken.json'), 'x');
    await usage(['--checkpoint-at', '2022-06', '--checkpoint-out', join(dir, 'taken.json'), '--out', out], /taken\.json already exists; pass --force/);
    expect(readFileSync(join(dir, 'taken.json'), 'utf8')).toBe('x');
  });
});
