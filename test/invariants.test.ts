import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRow } from '../src/engine/invariants.js';
import { simulate } from '../src/engine/simulate.js';
import { DOCTRINE_PRESETS, DOCTRINE_PRESET_NAMES } from '../src/model/doctrine.js';
import { INDICATORS } from '../src/model/indicators.js';
import { shareProblems, type Params } from '../src/model/params.js';
import type { ResolvedScenario } from '../src/scenario/resolved.js';
import type { ScenarioEvent } from '../src/scenario/schema.js';
import { CALIBRATION } from './_helpers.js';

const assumptions = Object.entries(CALIBRATION.file.parameters).flatMap(([id, e]) => ('assumption' in e ? [{ id, range: e.assumption.range }] : []));

const eventArb: fc.Arbitrary<ScenarioEvent> = fc.oneof(
  fc.record({ type: fc.constant('enforcement' as const), by: fc.constantFrom('EU' as const, 'US' as const), level: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ type: fc.constant('routeDisruption' as const), route: fc.constantFrom('cpc' as const, 'russiaOther' as const, 'china' as const, 'transCaspian' as const), capacityFactor: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ type: fc.constant('coercion' as const), by: fc.constantFrom('RU' as const, 'CN' as const, 'EU' as const, 'US' as const), channel: fc.constantFrom('trade' as const, 'transit' as const, 'security' as const, 'information' as const), intensity: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ type: fc.constant('securityAssurance' as const), by: fc.constantFrom('RU' as const, 'CN' as const), intensity: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ type: fc.constant('greyDemand' as const), premium: fc.double({ min: 0, max: 10, noNaN: true }) }),
  fc.record({ type: fc.constant('oilPrice' as const), factor: fc.double({ min: 0.05, max: 5, noNaN: true }) }),
  fc.record({ type: fc.constant('exportControl' as const), measure: fc.constantFrom('dualUseExportBan' as const, 'goodsTracking' as const), strength: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ type: fc.constant('migrationShock' as const), people: fc.integer({ min: 0, max: 5_000_000 }) }),
).chain((e) => fc.record({ from: fc.integer({ min: 1, max: 12 }), len: fc.integer({ min: 0, max: 12 }) }).map(({ from, len }) => ({ ...e, from, until: from + len }) as ScenarioEvent));

const worldArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  firms: fc.integer({ min: 1, max: 400 }),
  doctrine: fc.constantFrom(...DOCTRINE_PRESET_NAMES),
  events: fc.array(eventArb, { maxLength: 5 }),
  // every assumption drawn anywhere in its plausible range
  draws: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: assumptions.length, maxLength: assumptions.length }),
});

describe('invariants hold for any seed, firm count, doctrine, timeline and plausible parameters', () => {
  it('posture sums to 1, every indicator is finite and in range, every step', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const params = { ...CALIBRATION.params } as Record<string, number>;
        assumptions.forEach((a, i) => {
          const v = a.range[0] + (a.range[1] - a.range[0]) * w.draws[i]!;
          params[a.id] = Number.isInteger(a.range[0]) && Number.isInteger(a.range[1]) && a.id.includes('Lag') ? Math.round(v) : v;
        });
        const posture = ['RU', 'CN', 'EU', 'US'].map((p) => `kz.alignment0.${p}`);
        const total = posture.reduce((s, id) => s + params[id]!, 0);
        for (const id of posture) params[id] = params[id]! / total; // the start posture must sum to 1
        expect(shareProblems(params as Params)).toEqual([]);
        const scenario: ResolvedScenario = {
          name: 'property', description: '', start: '2022-03', horizon: 15, seeds: [w.seed], firms: w.firms,
          doctrine: { preset: w.doctrine, weights: DOCTRINE_PRESETS[w.doctrine] }, parameters: {}, events: w.events,
        };
        const out = simulate({ params: params as Params, doctrine: scenario.doctrine.weights, start: scenario.start, horizon: 15, firms: w.firms, seed: w.seed, events: scenario.events });
        if (!out.ok) throw new Error(`invariant broken: ${JSON.stringify(out.issues)}`);
        const cols = INDICATORS.length;
        for (let k = 0; k <= 15; k++) {
          const row = out.output.rows.subarray(k * cols, (k + 1) * cols);
          expect(checkRow(row, k, out.output.months[k]!)).toBeUndefined();
          let sum = 0;
          for (let p = 0; p < 4; p++) sum += row[p]!;
          expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 60, seed: 20221 },
    );
  });

  it('the invariant check catches a non-finite value, an out-of-range share and a posture that does not sum to 1', () => {
    const good = new Float64Array(INDICATORS.length).fill(0);
    good[0] = 1;
    expect(checkRow(good, 0, '2022-03')).toBeUndefined();
    const nan = Float64Array.from(good);
    nan[10] = Number.NaN;
    expect(checkRow(nan, 3, '2022-06')?.expected).toBe('a finite number');
    const big = Float64Array.from(good);
    big[5] = 1.5; // kz.compliance
    expect(checkRow(big, 0, '2022-03')?.indicator).toBe('kz.compliance');
    const off = Float64Array.from(good);
    off[1] = 0.1;
    expect(checkRow(off, 0, '2022-03')?.indicator).toBe('kz.alignment.*');
  });

  it('every indicator names its unit (the report titles its axes with it), and a bounded one states its bounds', () => {
    for (const spec of INDICATORS) {
      expect(spec.unit.trim(), spec.name).not.toBe('');
      if (spec.min === 0 && spec.max === 1) expect(spec.unit, spec.name).toContain('(0–1)');
      else if (spec.min === -1 && spec.max === 1) expect(spec.unit, spec.name).toContain('−1 to 1');
      else expect(spec.unit, spec.name).not.toMatch(/0–1/);
      // a description that gives a currency or a quantity gives the same one as the unit
      if (/USD bn a year/.test(spec.description)) expect(spec.unit, spec.name).toBe('USD bn a year');
      if (/1\.0 at the start/.test(spec.description)) expect(spec.unit, spec.name).toBe('index, start = 1');
    }
  });
});
