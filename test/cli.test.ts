import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunResultSchema } from '../src/results/runResult.js';
import { INDICATOR_NAMES } from '../src/model/indicators.js';
import { ROOT, cli, tempDir } from './_helpers.js';

const BRIEF_INDICATORS = [
  'kz.alignment.RU', 'kz.alignment.CN', 'kz.alignment.EU', 'kz.alignment.US', 'kz.balanceIndex', 'kz.compliance',
  'trade.exposure.RU', 'trade.exposure.CN', 'trade.exposure.EU', 'trade.exposure.US', 'trade.oilViaRussiaShare',
  'trade.exports.RU', 'trade.imports.RU', 'trade.turnoverShare.RU', 'trade.oilExportVolume',
  'trade.exportRevenueIndex', 'economy.gdpIndex', 'security.exposure', 'sanctions.exposure', 'sanctions.greyTrade',
  'sanctions.designations', 'stability.index',
];

describe('mvsim run', () => {
  it('writes a result that meets the result contract and prints its path', async () => {
    const dir = tempDir();
    const r = await cli(['run', join(ROOT, 'scenarios/pipeline-disruption.yaml'), '--seed', '3', '--out', 'r.json'], dir);
    expect(r).toMatchObject({ code: 0, stdout: 'r.json\n' });
    const doc = RunResultSchema.parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')));
    expect(doc.seed).toBe(3);
    expect(doc.scenario.name).toBe('pipeline-disruption');
    expect(doc.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.calibration.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.months.length).toBe(37);
    for (const k of BRIEF_INDICATORS) expect(doc.series[k], k).toHaveLength(37);
    expect(Object.keys(doc.series).sort()).toEqual([...INDICATOR_NAMES].sort());
    expect(doc.events.some((e) => e.kind === 'event.routeDisruption' && e.month === '2022-07')).toBe(true);
    expect(doc.events.filter((e) => e.kind === 'decision')).toHaveLength(36);
    expect(doc.series['trade.exportRevenueIndex']![0]).toBe(1);
    expect(doc.series['economy.gdpIndex']![0]).toBe(1);
    expect(doc.series['sanctions.greyTrade']![0]).toBe(0);
    expect(doc.series['trade.oilExportVolume']![4]).toBeLessThan(doc.series['trade.oilExportVolume']![0]! * 0.7);
  });

  it('writes under results/ by default and never overwrites without --force', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), 'name: My Test\nhorizon: 4\nfirms: 100\nseeds: [9]\n');
    const first = await cli(['run', 's.yaml'], dir);
    expect(first).toMatchObject({ code: 0, stdout: 'results/my-test-seed9.json\n' });
    const path = join(dir, 'results/my-test-seed9.json');
    writeFileSync(path, 'keep me');
    const again = await cli(['run', 's.yaml'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; pass --force');
    expect(readFileSync(path, 'utf8')).toBe('keep me');
    expect((await cli(['run', 's.yaml', '--force'], dir)).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('"schemaVersion": 2');
  });

  it('--firms overrides the firm count and is recorded', async () => {
    const dir = tempDir();
    await cli(['run', join(ROOT, 'scenarios/baseline-2022.yaml'), '--firms', '300', '--out', 'f.json'], dir);
    expect(JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8')).firms).toBe(300);
  });

  it('rejects a bad --seed or --firms with exit 2 and writes nothing', async () => {
    const dir = tempDir();
    const scenario = join(ROOT, 'scenarios/baseline-2022.yaml');
    for (const bad of [['--seed', '-1'], ['--seed', 'abc'], ['--seed', '1.5'], ['--firms', '0']]) {
      const r = await cli(['run', scenario, ...bad], dir);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stdout, bad.join(' ')).toBe('');
    }
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });
});

describe('commands and help', () => {
  it.each(['run', 'compare', 'validate', 'schema', 'calibration'])('%s --help exits 0 and describes the command', async (cmd) => {
    const r = await cli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`mvsim ${cmd}`);
  });

  it('no command, an unknown command or an unknown option is a usage error (exit 2)', async () => {
    expect((await cli([])).code).toBe(2);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect((await cli(['run', 'scenarios/baseline-2022.yaml', '--sede', '3'])).code).toBe(2);
  });

  it('validate accepts every shipped scenario', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(join(ROOT, 'scenarios')).map((f) => `scenarios/${f}`);
    const r = await cli(['validate', ...files]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok '))).toHaveLength(files.length);
    expect(existsSync(join(ROOT, 'results', 'validate'))).toBe(false);
  });
});

describe('command-line conventions', () => {
  it('-V and --version print the version; -h and --help print the help on stdout', async () => {
    for (const flag of ['-V', '--version']) expect(await cli([flag])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    for (const flag of ['-h', '--help']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/mvsim <command> \[options\]/);
      // wrapped by the terminal, not cut inside words at a fixed width
      expect(r.stdout).toContain('over doctrine weights');
    }
  });

  it.each([
    [['rn', 'x.yaml'], /^Unknown command "rn"; did you mean "run"\? Run `mvsim --help` for the commands\.\n$/],
    [['frobnicate'], /^Unknown command "frobnicate"\. Run `mvsim --help` for the commands\.\n$/],
    [['run', 'scenarios/baseline-2022.yaml', '--sed', '3'], /^Unknown argument: sed\. Run `mvsim run --help` for the options\.\n$/],
  ])('%j is one line with a hint, exit 2', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

