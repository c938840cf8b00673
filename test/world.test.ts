import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { divergence } from '../src/engine/branch.js';
import { finish, simulate } from '../src/engine/simulate.js';
import { restore, snapshot, WorldSnapshotSchema, type WorldSnapshot } from '../src/engine/snapshot.js';
import { init, isDone, observe, recordedRow, step, type World, type WorldSpec } from '../src/engine/world.js';
import { INDICATOR_NAMES, INDICATORS } from '../src/model/indicators.js';
import { ACTIONS } from '../src/model/kazakhstan.js';
import { worldSpecOf } from '../src/runner/runScenario.js';
import { loadShipped, SCENARIOS } from './_helpers.js';

const SHIPPED = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort();

/** The spec of a shipped scenario at a seed, with few firms so that properties run many cases. */
const specOf = (name: string, seed: number, firms = 300): WorldSpec => worldSpecOf({ ...loadShipped(name), seed, firms });

const started = (spec: WorldSpec): World => {
  const s = init(spec);
  if (!s.ok) throw new Error(`start state broke an invariant: ${JSON.stringify(s.issues)}`);
  return s.world;
};

const stepTo = (world: World, k: number): void => {
  while (world.scalars.step < k) {
    const s = step(world);
    if (!s.ok) throw new Error(`invariant broken: ${JSON.stringify(s.issues)}`);
  }
};

/** A snapshot as it comes back from a file: through JSON text and the schema. */
const throughJson = (s: WorldSnapshot): WorldSnapshot => WorldSnapshotSchema.parse(JSON.parse(JSON.stringify(s)));

const bytesOf = (rows: Float64Array): Uint8Array => new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength);

describe('the engine as values: init, step, observe', () => {
  it('simulate is init and a step per month: the same rows and log as stepping by hand', () => {
    const spec = specOf('combined-stress.yaml', 5);
    const whole = simulate(spec);
    if (!whole.ok) throw new Error('run failed');
    const world = started(spec);
    const actions: string[] = [];
    while (!isDone(world)) {
      const s = step(world);
      if (!s.ok) throw new Error('step failed');
      actions.push(s.action);
      expect(s.done).toBe(isDone(world));
    }
    expect(bytesOf(world.rows)).toEqual(bytesOf(whole.output.rows));
    expect(world.log).toEqual(whole.output.log);
    expect(actions).toEqual(whole.output.log.filter((e) => e.kind === 'decision').map((e) => e.detail));
  });

  it('observe names every indicator in the reporter table\'s order and gives the recorded row', () => {
    const world = started(specOf('baseline-2022.yaml', 2));
    stepTo(world, 4);
    const o = observe(world);
    expect(o.step).toBe(4);
    expect(o.month).toBe('2022-07');
    expect(Object.keys(o.values)).toEqual(INDICATOR_NAMES);
    expect(Object.values(o.values)).toEqual(Array.from(recordedRow(world, 4)));
    expect(INDICATORS.map((i) => i.name)).toEqual(INDICATOR_NAMES);
  });

  it('stepping a finished run is refused', () => {
    const world = started({ ...specOf('baseline-2022.yaml', 1), horizon: 2 });
    stepTo(world, 2);
    expect(() => step(world)).toThrow(RangeError);
  });
});

describe('snapshot and restore', () => {
  it('continuing a snapshot gives the uninterrupted run bit for bit: any shipped scenario, seed and month', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHIPPED), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 36 }), (name, seed, k) => {
        const spec = specOf(name, seed, 200);
        const whole = simulate(spec);
        if (!whole.ok) throw new Error('run failed');
        const world = started(spec);
        stepTo(world, Math.min(k, spec.horizon));
        const resumed = finish(restore(throughJson(snapshot(world))));
        if (!resumed.ok) throw new Error('resumed run failed');
        expect(bytesOf(resumed.output.rows)).toEqual(bytesOf(whole.output.rows));
        expect(resumed.output.log).toEqual(whole.output.log);
      }),
      { numRuns: 40, seed: 9 },
    );
  });

  it('a triggered event that fired before the snapshot keeps its window after restore', () => {
    // A `when` event that fires in month 4 and stays active for six months.
    const base = specOf('baseline-2022.yaml', 1, 500);
    const spec: WorldSpec = { ...base, events: [...base.events, { id: 'squeeze', type: 'coercion', by: 'RU', channel: 'trade', intensity: 0.5, when: 'kz.compliance >= 0.5 and month >= 3', duration: 6 }] };
    const world = started(spec);
    stepTo(world, spec.horizon);
    const fired = world.log.find((e) => e.why.startsWith('condition held'));
    expect(fired).toBeDefined();
    const k = fired!.step;
    const again = started(spec);
    stepTo(again, k);
    const snap = throughJson(snapshot(again));
    expect(snap.events.some((w) => w !== null && w[0] === k)).toBe(true);
    const resumed = finish(restore(snap));
    if (!resumed.ok) throw new Error('resumed run failed');
    expect(bytesOf(resumed.output.rows)).toEqual(bytesOf(world.rows));
  });

  it('a snapshot is a value: later steps do not change it', () => {
    const world = started(specOf('baseline-2022.yaml', 3));
    stepTo(world, 5);
    const snap = snapshot(world);
    const text = JSON.stringify(snap);
    stepTo(world, 9);
    expect(JSON.stringify(snap)).toBe(text);
  });

  it('restore refuses a snapshot whose arrays do not fit its spec, naming the part', () => {
    const world = started(specOf('baseline-2022.yaml', 3));
    const snap = snapshot(world);
    expect(() => restore({ ...snap, spec: { ...snap.spec, firms: 301 } })).toThrow(/firms\.direction: expected 301 values, found 300/);
    expect(() => restore({ ...snap, step: 40, scalars: { ...snap.scalars, step: 40 } })).toThrow(/after the horizon/);
    expect(WorldSnapshotSchema.safeParse({ ...snap, levers: 'not base64!' }).success).toBe(false);
  });
});

describe('a user playing Kazakhstan', () => {
  it('supplying the model\'s own choice every month reproduces the model\'s run exactly', () => {
    const spec = specOf('western-engagement.yaml', 8);
    const model = simulate(spec);
    if (!model.ok) throw new Error('run failed');
    const choices = model.output.log.filter((e) => e.kind === 'decision').map((e) => e.detail as (typeof ACTIONS)[number]);
    const world = started(spec);
    for (const action of choices) {
      const s = step(world, { action });
      if (!s.ok) throw new Error('step failed');
    }
    expect(bytesOf(world.rows)).toEqual(bytesOf(model.output.rows));
    const decisions = world.log.filter((e) => e.kind === 'decision');
    expect(decisions.every((e) => e.why.startsWith('supplied by the user; the model would have chosen'))).toBe(true);
  });

  it('another action is taken and logged beside the model\'s own choice, and the other agents\' draws do not move', () => {
    const spec = specOf('baseline-2022.yaml', 4);
    const model = simulate(spec);
    if (!model.ok) throw new Error('run failed');
    const world = started(spec);
    const s = step(world, { action: 'engageChina' });
    if (!s.ok) throw new Error('step failed');
    expect(s.action).toBe('engageChina');
    const entry = world.log.find((e) => e.kind === 'decision')!;
    const modelEntry = model.output.log.find((e) => e.kind === 'decision')!;
    expect(entry.detail).toBe('engageChina');
    expect(entry.why).toContain(`the model would have chosen ${modelEntry.detail} (probability ${modelEntry.data!['probability']!.toFixed(3)})`);
    expect(entry.data!['modelProbability']).toBe(modelEntry.data!['probability']);
    // Russia's rhetorical outbursts come from the powers' own stream: the same months as in the model's run.
    stepTo(world, spec.horizon);
    const shocks = (log: readonly { kind: string; step: number }[]) => log.filter((e) => e.kind === 'rhetoricShock').map((e) => e.step);
    expect(shocks(world.log)).toEqual(shocks(model.output.log));
    const fresh = started(spec);
    const refused = step(fresh, { action: 'invadeMars' as never });
    expect(refused).toEqual({ ok: false, issues: [expect.objectContaining({ code: 'INVALID_OPTION', path: ['action'], message: expect.stringContaining('Unknown action "invadeMars"') })] });
    expect(fresh.scalars.step).toBe(0); // nothing moved
    expect(step(fresh).ok).toBe(true);
  });
});

describe('branching: where two scenarios part', () => {
  const base = specOf('baseline-2022.yaml', 1);
  const at12 = (): WorldSnapshot => {
    const w = started(base);
    stepTo(w, 12);
    return snapshot(w);
  };

  it('an event starting after the checkpoint is a branch; the same event starting before it is not', () => {
    const parent = at12();
    const late = { type: 'enforcement' as const, by: 'US' as const, level: 0.8, from: '2023-06' };
    expect(divergence(parent, { ...base, events: [...base.events, late] })).toBeUndefined();
    expect(divergence(parent, { ...base, events: [...base.events, { ...late, from: '2023-01' }] })?.path).toEqual(['events', base.events.length]);
    expect(divergence(parent, { ...base, events: [...base.events, { type: 'oilPrice', factor: 0.5, when: 'month > 30' }] })?.message).toMatch(/triggered event/);
    expect(divergence(parent, { ...base, events: base.events.slice(1) })?.path).toEqual(['events', 0]);
  });

  it('names the first parameter, doctrine weight, horizon, firm count or seed that differs', () => {
    const parent = at12();
    expect(divergence(parent, { ...base, params: { ...base.params, 'sanctions.enforcement0.US': 0.5 } })?.path).toEqual(['parameters', 'sanctions.enforcement0.US']);
    expect(divergence(parent, { ...base, doctrine: { ...base.doctrine, concentration: 2 } })?.path).toEqual(['doctrineWeights', 'concentration']);
    expect(divergence(parent, { ...base, doctrine: { ...base.doctrine, affinity: { ...base.doctrine.affinity, CN: 1 } } })?.path).toEqual(['doctrineWeights', 'affinity', 'CN']);
    expect(divergence(parent, { ...base, horizon: 11 })?.path).toEqual(['horizon']);
    expect(divergence(parent, { ...base, horizon: 60 })).toBeUndefined();
    expect(divergence(parent, { ...base, firms: 301 })?.path).toEqual(['firms']);
    expect(divergence(parent, { ...base, seed: 2 })?.path).toEqual(['seed']);
  });
});
