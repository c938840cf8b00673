import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { runShipped, SCENARIOS, tempDir } from './_helpers.js';

const BASE = join(SCENARIOS, 'baseline-2022.yaml');

/** Runs `mvsim eval` in-process on these input lines; its exit status and its output lines, parsed. */
async function evalLines(lines: string[], cwd = tempDir()): Promise<{ code: number; out: string; answers: any[] }> {
  let out = '';
  const code = await runCli(['eval'], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    cwd,
    isTTY: false,
    stdinLines: async function* () {
      yield* lines;
    },
  });
  return { code, out, answers: out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('mvsim eval: JSON lines in, one result line per job out (issue 14)', () => {
  it('gives what mvsim run gives for the same scenario, seed and firms: every indicator final and mean by default', async () => {
    const { code, answers } = await evalLines([JSON.stringify({ scenario: BASE, seed: 4, firms: 700, id: 'x1' })]);
    expect(code).toBe(0);
    const run = runShipped('baseline-2022.yaml', 4, 700);
    const a = answers[0];
    expect(a).toMatchObject({ ok: true, line: 1, id: 'x1', scenario: 'baseline-2022', seed: 4, firms: 700 });
    for (const [name, s] of Object.entries(run.summary.indicators)) {
      expect(a.outputs[`${name}:final`], name).toBe(s.final);
      expect(a.outputs[`${name}:mean`], name).toBe(s.mean);
    }
  });

  it('parameter overrides run as a scenario file with those parameters would, and an inline scenario runs as its file would', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'margin.yaml'), `name: baseline-2022\nextends: ${BASE}\nparameters:\n  grey.margin: 0.3\n`);
    const fromFile = (await evalLines([JSON.stringify({ scenario: join(dir, 'margin.yaml'), seed: 2, firms: 400, outputs: ['economy.gdpIndex:final', 'sanctions.greyTrade:mean'] })], dir)).answers[0];
    const overridden = (await evalLines([JSON.stringify({ scenario: BASE, parameters: { 'grey.margin': 0.3 }, seed: 2, firms: 400, outputs: ['economy.gdpIndex:final', 'sanctions.greyTrade:mean'] })], dir)).answers[0];
    expect(fromFile).toMatchObject({ ok: true, scenario: 'baseline-2022' });
    expect(overridden).toMatchObject({ ok: true, scenario: 'baseline-2022' });
    expect(overridden.outputs).toEqual(fromFile.outputs);
    const plain = (await evalLines([JSON.stringify({ scenario: BASE, seed: 2, firms: 400, outputs: ['sanctions.greyTrade:mean'] })], dir)).answers[0];
    expect(plain.outputs['sanctions.greyTrade:mean']).not.toBe(overridden.outputs['sanctions.greyTrade:mean']);
    const inline = (await evalLines([JSON.stringify({ scenario: { name: 'short', extends: BASE, horizon: 12 }, seed: 1, firms: 300, outputs: ['economy.gdpIndex'] })], dir)).answers[0];
    expect(inline).toMatchObject({ ok: true, scenario: 'short' });
    expect(Object.keys(inline.outputs)).toEqual(['economy.gdpIndex']);
  });

  it('answers every line in order; a bad line gets ok: false with the field and a suggestion, the rest go on, exit 2', async () => {
    const good = JSON.stringify({ scenario: BASE, seed: 1, firms: 300, outputs: ['economy.gdpIndex:final'] });
    const { code, answers } = await evalLines([good, '', 'not json', JSON.stringify({ scenario: BASE, sed: 1 }), JSON.stringify({ scenario: BASE, outputs: ['economy.gdp:last'] }), JSON.stringify({ scenario: BASE, parameters: { 'grey.margn': 0.3 } }), JSON.stringify({ scenario: 'nowhere.yaml' }), good]);
    expect(code).toBe(2);
    expect(answers.map((a) => [a.line, a.ok])).toEqual([[1, true], [3, false], [4, false], [5, false], [6, false], [7, false], [8, true]]);
    expect(answers[1].issues[0]).toMatchObject({ code: 'JSON_SYNTAX' });
    expect(answers[2].issues[0]).toMatchObject({ code: 'INVALID_VALUE', message: expect.stringContaining('sed') });
    expect(answers[3].issues[0]).toMatchObject({ path: 'outputs', message: expect.stringContaining('economy.gdp:last') });
    expect(answers[4].issues[0]).toMatchObject({ code: 'UNKNOWN_KEY', path: 'parameters.grey.margn', suggestion: 'grey.margin', message: expect.stringMatching(/^eval-line-6\.yaml:1:\d+: /) });
    expect(answers[5].issues[0]).toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(answers[6].outputs).toEqual(answers[0].outputs);
  });

  it('writes the same bytes for the same lines', async () => {
    const lines = [JSON.stringify({ scenario: BASE, seed: 9, firms: 300 }), JSON.stringify({ scenario: BASE, seed: 9, firms: 300, parameters: { 'trade.bankFriction': 0.1 } })];
    expect((await evalLines(lines)).out).toBe((await evalLines(lines)).out);
  });
});
