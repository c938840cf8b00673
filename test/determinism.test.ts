import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStreams, STREAMS } from '../src/model/rng.js';
import { cli, runShipped, tempDir } from './_helpers.js';

describe('determinism', () => {
  it('the same seed gives the same bytes, run after run', async () => {
    const dir = tempDir();
    const a = await cli(['run', 'scenarios/combined-stress.yaml', '--seed', '42', '--out', join(dir, 'a.json')]);
    const b = await cli(['run', 'scenarios/combined-stress.yaml', '--seed', '42', '--out', join(dir, 'b.json')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'a.json'))).toEqual(readFileSync(join(dir, 'b.json')));
  });

  it('another seed gives another trajectory', () => {
    const a = runShipped('baseline-2022.yaml', 1);
    const b = runShipped('baseline-2022.yaml', 2);
    expect(a.series['kz.alignment.RU']).not.toEqual(b.series['kz.alignment.RU']);
    expect(a.series['sanctions.greyTrade']).not.toEqual(b.series['sanctions.greyTrade']);
    // while both start from the calibrated state
    expect(a.series['trade.oilViaCpcShare']![0]).toBeCloseTo(0.8, 3);
    expect(b.series['trade.oilViaCpcShare']![0]).toBeCloseTo(0.8, 3);
  });

  it('results carry no clock, host or path', () => {
    const text = JSON.stringify(runShipped('baseline-2022.yaml', 1));
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T|hostname|\/tmp\/|\/work\/|\/home\//);
  });

  it('changing the number of firms does not change the powers\' draws', () => {
    const shocks = (firms: number) =>
      runShipped('baseline-2022.yaml', 3, firms)
        .events.filter((e) => e.kind === 'rhetoricShock')
        .map((e) => e.step);
    const few = shocks(500);
    expect(few.length).toBeGreaterThan(0);
    expect(shocks(5000)).toEqual(few);
  });

  it('streams are independent: drawing from one does not move another', () => {
    const a = createStreams(9);
    const b = createStreams(9);
    for (let i = 0; i < 1000; i++) a['firms.step']();
    expect(STREAMS.length).toBe(new Set(STREAMS).size);
    expect([a.powers(), a.kz()]).toEqual([b.powers(), b.kz()]);
    expect(createStreams(9).powers()).not.toBe(createStreams(10).powers());
  });
});
