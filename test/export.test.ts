import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { INDICATOR_NAMES } from '../src/model/indicators.js';
import { cli, SCENARIOS, tempDir } from './_helpers.js';

const BASE = join(SCENARIOS, 'baseline-2022.yaml');

/** A CSV of export's (no quoted fields in these tests) as columns. */
function readCsv(text: string): Record<string, string[]> {
  const [head, ...rows] = text.trimEnd().split('\n');
  const names = head!.split(',');
  const cols: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const r of rows) r.split(',').forEach((v, i) => cols[names[i]!]!.push(v));
  return cols;
}

describe('mvsim export: a long table for pandas, polars and R (issue 15)', () => {
  it('a run: one row per step and indicator, in the reporter order, the values of the result file', async () => {
    const dir = tempDir();
    expect((await cli(['run', BASE, '--seed', '5', '--firms', '300', '--out', 'r.json'], dir)).code).toBe(0);
    const r = await cli(['export', 'r.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const t = readCsv(r.stdout);
    const run = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(Object.keys(t)).toEqual(['scenario', 'seed', 'step', 'month', 'indicator', 'value']);
    expect(t['value']!.length).toBe(run.months.length * INDICATOR_NAMES.length);
    expect(t['indicator']!.slice(0, INDICATOR_NAMES.length)).toEqual([...INDICATOR_NAMES]);
    t['value']!.forEach((v, i) => expect(Number(v), `row ${i}`).toBe(run.series[t['indicator']![i]!][Number(t['step']![i])]));
    expect(new Set(t['seed'])).toEqual(new Set(['5']));
    expect(t['month']![t['month']!.length - 1]).toBe(run.months[run.months.length - 1]);
  });

  it('an ensemble keeps every seed in one series file; its rows are the kept runs\' (exact, where run files round to 12 digits)', async () => {
    const dir = tempDir();
    const e = await cli(['run', BASE, '--seeds', '1..12', '--firms', '300', '--out', 'e.json', '--keep-series', 'series.json', '--keep-runs', 'runs'], dir);
    expect(e.code, e.stderr).toBe(0);
    // kept runs are zero-padded, so a folder lists in seed order
    expect(readdirSync(join(dir, 'runs')).slice(0, 3)).toEqual(['baseline-2022-seed01.json', 'baseline-2022-seed02.json', 'baseline-2022-seed03.json']);
    const fromSeries = readCsv((await cli(['export', 'series.json'], dir)).stdout);
    const fromRuns = readCsv((await cli(['export', 'runs'], dir)).stdout);
    for (const c of ['scenario', 'seed', 'step', 'month', 'indicator']) expect(fromSeries[c], c).toEqual(fromRuns[c]);
    fromSeries['value']!.forEach((v, i) => {
      const a = Number(v);
      const b = Number(fromRuns['value']![i]);
      expect(Math.abs(a - b), `row ${i}`).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(a)));
    });
  });

  it('the Arrow file reads back to the CSV, column by column, and both are the same bytes twice', async () => {
    const dir = tempDir();
    expect((await cli(['run', BASE, '--seeds', '1..4', '--firms', '300', '--sample-assumptions', 'lhs', '--out', 'e.json', '--keep-series', 'series.json'], dir)).code).toBe(0);
    for (const f of ['a', 'b']) {
      expect((await cli(['export', 'series.json', '--format', 'arrow', '--out', `${f}.arrow`], dir)).code).toBe(0);
      expect((await cli(['export', 'series.json', '--out', `${f}.csv`], dir)).code).toBe(0);
    }
    expect(readFileSync(join(dir, 'a.arrow')).equals(readFileSync(join(dir, 'b.arrow')))).toBe(true);
    expect(readFileSync(join(dir, 'a.csv')).equals(readFileSync(join(dir, 'b.csv')))).toBe(true);
    const csv = readCsv(readFileSync(join(dir, 'a.csv'), 'utf8'));
    const table = tableFromIPC(readFileSync(join(dir, 'a.arrow')));
    expect(table.schema.fields.map((f) => f.name)).toEqual(Object.keys(csv));
    expect(table.numRows).toBe(csv['value']!.length);
    for (const name of Object.keys(csv)) {
      const column = table.getChild(name)!.toArray() as ArrayLike<unknown>;
      const got = Array.from({ length: table.numRows }, (_, i) => (typeof column[i] === 'number' ? (Number.isNaN(column[i]) ? '' : String(column[i])) : String(column[i])));
      expect(got, name).toEqual(csv[name]);
    }
    // the drawn assumptions are columns, one value per seed, as the ensemble recorded them
    const e = JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8'));
    const factors = Object.keys(csv).slice(6);
    expect(factors.length).toBeGreaterThan(50);
    const firstRow = (seed: number) => csv['seed']!.indexOf(String(seed));
    // (the ensemble file rounds to 12 significant digits; the series file is exact)
    for (const seed of [1, 4]) for (const f of [factors[0]!, factors[factors.length - 1]!]) expect(Number(csv[f]![firstRow(seed)])).toBeCloseTo(e.perSeed.assumptions[f][seed - 1], 9);
  });

  it('refuses an ensemble or sweep file (with what to run instead), and a binary format without --out', async () => {
    const dir = tempDir();
    expect((await cli(['run', BASE, '--seeds', '1..2', '--firms', '200', '--out', 'e.json'], dir)).code).toBe(0);
    const r = await cli(['export', 'e.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/e\.json:1:1: error NOT_A_RESULT at kind: An ensemble file keeps statistics across seeds, not each seed's trajectory: run the ensemble again with --keep-series FILE/);
    const a = await cli(['export', 'e.json', '--format', 'arrow'], dir);
    expect(a.code).toBe(2);
    const s = await cli(['run', BASE, '--seeds', '1..2', '--keep-series', 's.json', '--shard', '1/2'], dir);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--keep-series with --shard/);
  });
});
