import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../src/cli/progress.js';

describe('the progress line', () => {
  it('never reaches the terminal width, so it redraws in place without wrapping', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 300 }), fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), (columns, total, frac, rate) => {
        const line = progressLine('run baseline-2022', Math.floor(frac * total), total, rate, columns);
        return line.length <= columns - 1 && !line.includes('\n');
      }),
      { seed: 4 },
    );
    expect(progressLine('seeds', 5, 10, 2, 80)).toBe('seeds [##############..............] 5/10 50% 2.0/s ETA 0:02');
  });

  it('is drawn at once, and its rate follows the recent window, not the average since the start', () => {
    let t = 0;
    let out = '';
    const bar = createProgress(true, 'seeds', 1000, (s) => (out += s), () => t, 120);
    bar.tick(0);
    expect(out).toContain('0/1000');
    // 100 jobs in the first 100 s (1/s), then 100 in the next 10 s (10/s)
    for (let k = 1; k <= 100; k++) ((t = k * 1000), bar.tick(k));
    for (let k = 1; k <= 100; k++) ((t = 100_000 + k * 100), bar.tick(100 + k));
    const last = out.split('\r').at(-1)!;
    const rate = Number(/ ([\d.]+)\/s/.exec(last)![1]);
    expect(rate).toBeGreaterThan(8);
  });
});
