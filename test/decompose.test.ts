import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECOMPOSED_INDICATORS, meanAttributions, shapleyValues } from '../src/analysis/decompose.js';
import { decomposeSeed } from '../src/runner/decomposeJob.js';
import { POWERS } from '../src/model/ids.js';
import { simulateScenario } from '../src/runner/runScenario.js';
import { loadShipped, runShipped } from './_helpers.js';

const FIRMS = 400;

describe('Shapley values', () => {
  it('add up to the value of all players less the value of none (efficiency), for any game', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 16, maxLength: 16 }), (v) => {
        const phi = shapleyValues(v, 4);
        expect(phi.reduce((a, b) => a + b, 0)).toBeCloseTo(v[15]! - v[0]!, 9);
      }),
    );
  });

  it('give an additive game each player its own contribution, and a player who changes nothing zero', () => {
    const own = [0.3, -0.2, 0, 0.05];
    const value = Array.from({ length: 16 }, (_, mask) => own.reduce((s, c, p) => s + (mask & (1 << p) ? c : 0), 1));
    shapleyValues(value, 4).forEach((phi, p) => expect(phi).toBeCloseTo(own[p]!, 12));
  });

  it('split an interaction evenly between the two players who need each other', () => {
    // Only RU and CN together move the outcome.
    const value = Array.from({ length: 16 }, (_, mask) => ((mask & 3) === 3 ? 1 : 0));
    expect(shapleyValues(value, 4)).toEqual([0.5, 0.5, 0, 0]);
  });
});

describe('counterfactual decomposition of a run', () => {
  const inputs = loadShipped('secondary-sanctions-strict.yaml');
  const d = decomposeSeed({ ...inputs, seed: 3, firms: FIRMS });

  it('adds up: the powers\' parts and everything else sum to the change from start to final month', () => {
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.attributions.map((a) => a.indicator)).toEqual(DECOMPOSED_INDICATORS);
    for (const a of d.attributions) {
      const sum = POWERS.reduce((s, p) => s + a.parts[p], a.rest);
      expect(Math.abs(sum - a.change)).toBeLessThan(1e-12);
      expect(a.change).toBeCloseTo(a.final - a.start, 14);
    }
  });

  it('takes its totals from the real run: with nothing held the run is the one `mvsim run` writes', () => {
    if (!d.ok) throw new Error(d.issues[0]!.message);
    const real = runShipped('secondary-sanctions-strict.yaml', 3, FIRMS);
    const H = real.months.length - 1;
    for (const a of d.attributions) {
      expect(Number(a.final.toPrecision(12))).toBe(real.series[a.indicator]![H]);
      expect(Number(a.start.toPrecision(12))).toBe(real.series[a.indicator]![0]);
    }
  });

  it('attributes stricter US and EU enforcement to the US and the EU: their levers move only when released', () => {
    const sim = simulateScenario({ ...inputs, seed: 3, firms: FIRMS, heldPowers: 0b1111 });
    expect(sim.ok).toBe(true);
    if (!sim.ok) return;
    const cols = sim.output.rows.length / sim.output.months.length;
    // With every power held, every lever stays at its start value all run, whatever the events say.
    for (let k = 1; k < sim.output.months.length; k++) {
      for (let c = cols - 24; c < cols; c++) expect(sim.output.rows[k * cols + c]).toBe(sim.output.rows[c]);
    }
    if (!d.ok) return;
    const sanctions = d.attributions.find((a) => a.indicator === 'sanctions.exposure')!;
    const withoutEvents = decomposeSeed({ ...loadShipped('baseline-2022.yaml'), seed: 3, firms: FIRMS });
    if (!withoutEvents.ok) throw new Error(withoutEvents.issues[0]!.message);
    const base = withoutEvents.attributions.find((a) => a.indicator === 'sanctions.exposure')!;
    // Everything else is the same world in both scenarios (the enforcement events act only through US and EU levers).
    expect(sanctions.rest).toBe(base.rest);
    expect(sanctions.parts.US).not.toBe(base.parts.US);
  });

  it('adds up for any seed, doctrine and shipped scenario (property)', () => {
    const names = ['baseline-2022.yaml', 'russian-coercion-north.yaml', 'western-engagement.yaml', 'combined-stress.yaml'];
    const loaded = names.map(loadShipped);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: names.length - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.double({ min: 0, max: 3, noNaN: true }), (k, seed, concentration) => {
        const base = loaded[k]!;
        const scenario = { ...base.scenario, horizon: 12, doctrine: { ...base.scenario.doctrine, weights: { ...base.scenario.doctrine.weights, concentration } } };
        const d = decomposeSeed({ ...base, scenario, seed, firms: 150 });
        expect(d.ok).toBe(true);
        if (!d.ok) return;
        for (const a of d.attributions) expect(Math.abs(POWERS.reduce((s, p) => s + a.parts[p], a.rest) - a.change)).toBeLessThan(1e-12);
      }),
      { numRuns: 12 },
    );
  });

  it('averages seeds part by part, and the mean still adds up', () => {
    const seeds = [1, 2].map((seed) => decomposeSeed({ ...inputs, seed, firms: FIRMS }));
    const ok = seeds.map((s) => (s.ok ? s.attributions : []));
    const mean = meanAttributions(ok);
    for (const [i, a] of mean.entries()) {
      expect(a.parts.RU).toBeCloseTo((ok[0]![i]!.parts.RU + ok[1]![i]!.parts.RU) / 2, 14);
      expect(Math.abs(POWERS.reduce((s, p) => s + a.parts[p], a.rest) - a.change)).toBeLessThan(1e-12);
    }
  });
});
