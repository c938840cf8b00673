import { describe, expect, it } from 'vitest';
import { CALIBRATION, runShipped } from './_helpers.js';

// The directions the mission names, checked on paired ensembles: each seed runs the
// scenario and the baseline with the same random draws, and a claim holds when the
// mean paired difference is at least three standard errors from zero. A failure here
// means the model's mechanics changed, not that a scenario needs tuning (docs/MODEL.md).
const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
const FIRMS = 2000;
const BASE = 'baseline-2022.yaml';

const cache = new Map<string, ReturnType<typeof runShipped>>();
function run(name: string, seed: number, firms = FIRMS): ReturnType<typeof runShipped> {
  const key = `${name}/${seed}/${firms}`;
  let r = cache.get(key);
  if (!r) cache.set(key, (r = runShipped(name, seed, firms)));
  return r;
}

const at = (r: ReturnType<typeof runShipped>, indicator: string, step: number | 'mean'): number =>
  step === 'mean' ? r.summary.indicators[indicator]!.mean : r.series[indicator]![step]!;

/** Mean and standard error of the paired differences scenario − baseline. */
function paired(name: string, indicator: string, step: number | 'mean'): { mean: number; se: number } {
  const d = SEEDS.map((seed) => at(run(name, seed), indicator, step) - at(run(BASE, seed), indicator, step));
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
  return { mean, se: sd / Math.sqrt(d.length) };
}

const lower = (name: string, indicator: string, step: number | 'mean'): void => {
  const { mean, se } = paired(name, indicator, step);
  expect(mean + 3 * se, `${name} ${indicator} at ${step}: mean difference ${mean}, se ${se}`).toBeLessThan(0);
};

describe('trade, oil and sanctions respond to the powers (paired ensembles of 30 seeds)', () => {
  it('Russian trade coercion lowers exports to and imports from Russia while it lasts', () => {
    // the squeeze runs 2022-10..2023-09: steps 7..18
    lower('russian-trade-pressure.yaml', 'trade.exports.RU', 12);
    lower('russian-trade-pressure.yaml', 'trade.imports.RU', 12);
    lower('russian-trade-pressure.yaml', 'trade.turnoverShare.RU', 18);
  });

  it('strict secondary sanctions lower exports to Russia (re-exports included) and grey trade', () => {
    lower('secondary-sanctions-strict.yaml', 'trade.exports.RU', 36);
    lower('secondary-sanctions-strict.yaml', 'sanctions.greyTrade', 36);
    lower('secondary-sanctions-strict.yaml', 'trade.exports.RU', 'mean');
  });

  it('a CPC outage cuts oil volume and revenue while it lasts and leaves non-oil exports alone', () => {
    // the cut runs 2022-07..2022-09: steps 4..6
    for (const step of [4, 5, 6]) {
      lower('pipeline-disruption.yaml', 'trade.oilExportVolume', step);
      lower('pipeline-disruption.yaml', 'trade.oilRevenue', step);
      const nonOil = paired('pipeline-disruption.yaml', 'trade.nonOilExports', step);
      const base = at(run(BASE, 1), 'trade.nonOilExports', step);
      expect(Math.abs(nonOil.mean) / base, `non-oil exports at step ${step}`).toBeLessThan(0.005);
    }
    // a month after the cut ends, oil is back within 2% of the baseline
    const after = paired('pipeline-disruption.yaml', 'trade.oilExportVolume', 8);
    expect(Math.abs(after.mean) / at(run(BASE, 1), 'trade.oilExportVolume', 8)).toBeLessThan(0.02);
  });

  it('routes that avoid Russia absorb only what their capacity allows', () => {
    // Start capacity (Mt a year) = start share x start volume x (1 + headroom); no expansion can finish before month 9.
    const params = CALIBRATION.params;
    const v0 = params['oil.exportVolume0']!;
    const china = params['routes.oilShare0.china']! * v0 * (1 + params['routes.headroom.china']!);
    const tc = (1 - params['routes.oilShare0.cpc']! - params['routes.oilShare0.russiaOther']! - params['routes.oilShare0.china']!) * v0 * (1 + params['routes.headroom.transCaspian']!);
    for (const seed of SEEDS.slice(0, 10)) {
      const r = run('pipeline-disruption.yaml', seed);
      for (const step of [4, 5, 6]) {
        const volume = r.series['trade.oilExportVolume']![step]! * 12;
        expect(r.series['trade.routeShare.china']![step]! * volume).toBeLessThanOrEqual(china * (1 + 1e-9));
        expect(r.series['trade.routeShare.transCaspian']![step]! * volume).toBeLessThanOrEqual(tc * (1 + 1e-9));
        // what CPC lost is not all made up: volume stays below the baseline by more than the routes avoiding Russia could take
        expect(volume).toBeLessThan(v0 * 0.7);
      }
    }
  });

  it('combined stress lowers output against the baseline', () => {
    lower('combined-stress.yaml', 'economy.gdpIndex', 12);
    lower('combined-stress.yaml', 'economy.gdpIndex', 'mean');
  });
});

describe('designations are real entities, not agents', () => {
  it('the expected designation count does not depend on the number of firm agents (5,000, 10,000, 20,000)', () => {
    const scenario = 'combined-stress.yaml';
    const stats = [5000, 10_000, 20_000].map((firms) => {
      const counts = SEEDS.map((seed) => at(run(scenario, seed, firms), 'sanctions.designations', 36));
      const expected = SEEDS.map((seed) => at(run(scenario, seed, firms), 'sanctions.investigations', 'mean'));
      const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
      const sd = Math.sqrt(counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (counts.length - 1));
      return { firms, mean, se: sd / Math.sqrt(counts.length), expected: expected.reduce((a, b) => a + b, 0) / expected.length };
    });
    for (const s of stats.slice(1)) {
      const a = stats[0]!;
      // counts: equal within sampling error; expected investigations (no count noise): equal within 3%
      expect(Math.abs(s.mean - a.mean), JSON.stringify(stats)).toBeLessThan(3 * Math.hypot(s.se, a.se) + 1e-9);
      expect(Math.abs(s.expected / a.expected - 1), JSON.stringify(stats)).toBeLessThan(0.03);
    }
    // and designations are few: single digits over three years, not hundreds
    for (const s of stats) expect(s.mean).toBeLessThan(10);
  });
});
