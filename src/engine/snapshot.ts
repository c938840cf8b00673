import { z } from 'zod';
import { DoctrineSchema } from '../model/doctrine.js';
import { greyByFirm, reExportersOf, type Firms } from '../model/firms.js';
import { CHANNELS, POWERS, ROUTES } from '../model/ids.js';
import { COMPONENTS } from '../model/kazakhstan.js';
import { INDICATORS } from '../model/indicators.js';
import { LogEntrySchema, type LogEntry } from '../model/log.js';
import { PARAM_IDS, type Params } from '../model/params.js';
import { restoreStreams, STREAMS, streamStates, type StreamName } from '../model/rng.js';
import { createEventProgram } from '../scenario/events.js';
import { EventSchema, MonthSchema } from '../scenario/schema.js';
import { decodeFloat64, decodeUint8, encodeFloat64, encodeUint8 } from './encoding.js';
import { assembleWorld, type World, type WorldSpec } from './world.js';

/** Version of the snapshot format; a reader refuses any other. */
export const WORLD_SNAPSHOT_VERSION = 2 as const;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'expected base64 text' });
const finite = z.number().refine(Number.isFinite, { error: 'expected a finite number' });
const unit = z.number().min(0).lt(1);
/** Alea's state: an integer carry below 2,091,640 (the generator's multiplier) and three fractions in [0, 1). */
const StreamStateSchema = z.strictObject({ c: z.number().int().min(0).max(2091639), s0: unit, s1: unit, s2: unit });
const share = z.number().min(0).max(1);
const ParamsSchema = z.strictObject(Object.fromEntries(PARAM_IDS.map((id) => [id, finite])) as Record<keyof Params, typeof finite>);

/** The spec of a world as data: what `init` was given. */
export const WorldSpecSchema = z.strictObject({
  params: ParamsSchema,
  doctrine: DoctrineSchema,
  start: MonthSchema,
  horizon: z.number().int().min(0),
  firms: z.number().int().min(1),
  seed: z.number().int(),
  events: z.array(EventSchema),
  heldPowers: z.number().int().min(0).max((1 << POWERS.length) - 1),
});

const FIRM_BYTES = ['direction', 'russianOwned', 'partner'] as const;
const FIRM_FLOATS = ['size', 'greyMax', 'invTolerance', 'grey'] as const;
const BASE_KEYS = ['oilGva0', 'nonOil0', 'oilRevenue0', 'nonOilExports0', 'greyValueAdded0', 'investment0', 'enforcement0', 'greyPotential', 'exports0', 'gdp0'] as const;
const SCALAR_KEYS = ['nonOil', 'gdp', 'stability', 'armsShareRU', 'designations', 'casesOpened', 'lastWarning', 'greyScale', 'grey', 'programmeCost', 'security', 'enforcement'] as const;
const finiteRecord = <K extends string>(keys: readonly K[]) => z.strictObject(Object.fromEntries(keys.map((k) => [k, finite])) as Record<K, typeof finite>);

/**
 * A world as a JSON-safe value. Typed arrays are base64 (Float64 little-endian, so
 * bit-exact); scalars are JSON numbers, which JavaScript writes and reads back exactly.
 * Only the rows recorded so far are kept.
 */
export const WorldSnapshotSchema = z.strictObject({
  version: z.literal(WORLD_SNAPSHOT_VERSION),
  spec: WorldSpecSchema,
  step: z.number().int().min(0),
  rng: z.strictObject(Object.fromEntries(STREAMS.map((s) => [s, StreamStateSchema])) as Record<StreamName, typeof StreamStateSchema>),
  events: z.array(z.tuple([z.number().int(), z.number().int()]).nullable()),
  firms: z.strictObject(Object.fromEntries([...FIRM_BYTES, ...FIRM_FLOATS].map((k) => [k, base64])) as Record<(typeof FIRM_BYTES)[number] | (typeof FIRM_FLOATS)[number], typeof base64>),
  kz: z.strictObject({ alignment: z.array(share).length(POWERS.length), compliance: share, diversification: share, diplomacy: share }),
  levers: base64,
  startLevers: base64,
  oil: z.strictObject({ capacity0: base64, built: base64, pendingChina: base64, pendingTransCaspian: base64, nominated: base64, transitRisk: finite }),
  cases: z.strictObject({ pipeline: base64, recent: base64 }),
  scales: base64,
  base: finiteRecord(BASE_KEYS),
  scalars: finiteRecord(SCALAR_KEYS).extend({ step: z.number().int() }),
  rows: base64,
  log: z.array(LogEntrySchema),
});
export type WorldSnapshot = z.infer<typeof WorldSnapshotSchema>;

/**
 * The world as a JSON-safe value: everything `restore` needs to continue it draw for
 * draw. Nothing is shared with the world; later steps do not change the snapshot.
 *
 * @example Pause, save as JSON, resume: the same run, number for number
 * ```ts
 * import { finish, init, prepare, restore, shippedScenario, snapshot, step, worldSpecOf, WorldSnapshotSchema } from 'mvsim/engine';
 * const s = shippedScenario('combined-stress.yaml');
 * if (!s.ok) throw new Error('bad scenario');
 * const spec = worldSpecOf({ ...(await prepare(s.scenario)), seed: 3, firms: 500 });
 * const a = init(spec);
 * const b = init(spec);
 * if (!a.ok || !b.ok) throw new Error('bad start');
 * for (let k = 0; k < 12; k++) step(a.world);
 * const saved = JSON.stringify(snapshot(a.world));
 * const resumed = finish(restore(WorldSnapshotSchema.parse(JSON.parse(saved))));
 * const whole = finish(b.world);
 * console.log(resumed.ok && whole.ok && resumed.output.rows.every((v, i) => Object.is(v, whole.output.rows[i])));
 * // prints: true
 * ```
 */
export function snapshot(world: World): WorldSnapshot {
  const { spec, firms, kz, oil, cases, scalars } = world;
  const recorded = (scalars.step + 1) * INDICATORS.length;
  return {
    version: WORLD_SNAPSHOT_VERSION,
    spec: { ...spec, params: { ...spec.params }, events: structuredClone([...spec.events]), heldPowers: spec.heldPowers ?? 0 },
    step: scalars.step,
    rng: streamStates(world.rng),
    events: world.events.state().map((w) => (w ? [w[0], w[1]] : null)),
    firms: {
      ...(Object.fromEntries(FIRM_BYTES.map((k) => [k, encodeUint8(firms[k])])) as Record<(typeof FIRM_BYTES)[number], string>),
      ...(Object.fromEntries(FIRM_FLOATS.map((k) => [k, encodeFloat64(k === 'grey' ? greyByFirm(firms) : firms[k])])) as Record<(typeof FIRM_FLOATS)[number], string>),
    },
    kz: { alignment: Array.from(kz.alignment), compliance: kz.compliance, diversification: kz.diversification, diplomacy: kz.diplomacy },
    levers: encodeFloat64(world.levers),
    startLevers: encodeFloat64(world.startLevers),
    oil: {
      capacity0: encodeFloat64(oil.capacity0),
      built: encodeFloat64(oil.built),
      pendingChina: encodeFloat64(oil.pendingChina),
      pendingTransCaspian: encodeFloat64(oil.pendingTransCaspian),
      nominated: encodeFloat64(oil.nominated),
      transitRisk: oil.transitRisk,
    },
    cases: { pipeline: encodeFloat64(cases.pipeline), recent: encodeFloat64(cases.recent) },
    scales: encodeFloat64(world.scales),
    base: Object.fromEntries(BASE_KEYS.map((k) => [k, world.base[k]])) as Record<(typeof BASE_KEYS)[number], number>,
    scalars: { ...scalars },
    rows: encodeFloat64(world.rows.subarray(0, recorded)),
    log: structuredClone(world.log),
  };
}

/**
 * A world continuing exactly where a snapshot left off, by default under the spec it
 * was made with; another spec (a longer horizon, later events) branches from it — check
 * such a spec with `divergence` first. The snapshot must be valid against
 * WorldSnapshotSchema; sizes that do not fit the spec (firm arrays, ring buffers,
 * recorded rows, event states) throw a RangeError that says which.
 *
 * @example Branch: the same first year, then a longer horizon
 * ```ts
 * import { divergence, finish, init, prepare, restore, shippedScenario, snapshot, step, worldSpecOf } from 'mvsim/engine';
 * const s = shippedScenario('baseline-2022.yaml');
 * if (!s.ok) throw new Error('bad scenario');
 * const spec = worldSpecOf({ ...(await prepare(s.scenario)), seed: 1, firms: 500 });
 * const a = init(spec);
 * if (!a.ok) throw new Error('bad start');
 * for (let k = 0; k < 12; k++) step(a.world);
 * const saved = snapshot(a.world);
 * const longer = { ...spec, horizon: 48 };
 * console.log(divergence(saved, longer) === undefined);
 * const done = finish(restore(saved, longer));
 * console.log(done.ok && done.output.months.at(-1));
 * // prints: true
 * // prints: 2026-03
 * ```
 */
export function restore(s: WorldSnapshot, spec: WorldSpec = s.spec): World {
  if (s.step > spec.horizon) throw new RangeError(`The snapshot is at step ${s.step}, after the horizon (${spec.horizon} months)`);
  if (s.scalars.step !== s.step) throw new RangeError(`The snapshot's step (${s.step}) and its scalars' step (${s.scalars.step}) differ`);
  if (s.events.length !== spec.events.length) throw new RangeError(`The snapshot has state for ${s.events.length} events; the timeline has ${spec.events.length}`);
  const n = spec.firms;
  const bytes = (k: (typeof FIRM_BYTES)[number]): Uint8Array => decodeUint8(s.firms[k], n, `firms.${k}`);
  const floats = (k: (typeof FIRM_FLOATS)[number]): Float64Array => decodeFloat64(s.firms[k], n, `firms.${k}`);
  // decoded in the snapshot's field order, so a misfit names the first part that does not fit
  const direction = bytes('direction');
  const russianOwned = bytes('russianOwned');
  const partner = bytes('partner');
  const size = floats('size');
  const greyMax = floats('greyMax');
  const invTolerance = floats('invTolerance');
  const firms: Firms = { n, direction, russianOwned, partner, size, greyMax, invTolerance, reExporters: reExportersOf(greyMax, invTolerance, floats('grey')) };
  const cols = INDICATORS.length;
  const rows = new Float64Array((spec.horizon + 1) * cols);
  rows.set(decodeFloat64(s.rows, (s.step + 1) * cols, 'rows'));
  const P = spec.params;
  const levers = POWERS.length * CHANNELS.length;
  return assembleWorld({
    spec,
    rng: restoreStreams(s.rng),
    events: createEventProgram(spec, s.events),
    firms,
    kz: { alignment: Float64Array.from(s.kz.alignment), compliance: s.kz.compliance, diversification: s.kz.diversification, diplomacy: s.kz.diplomacy },
    levers: decodeFloat64(s.levers, levers, 'levers'),
    startLevers: decodeFloat64(s.startLevers, levers, 'startLevers'),
    oil: {
      capacity0: decodeFloat64(s.oil.capacity0, ROUTES.length, 'oil.capacity0'),
      built: decodeFloat64(s.oil.built, ROUTES.length, 'oil.built'),
      pendingChina: decodeFloat64(s.oil.pendingChina, P['routes.expansionLag.china'], 'oil.pendingChina'),
      pendingTransCaspian: decodeFloat64(s.oil.pendingTransCaspian, P['routes.expansionLag.transCaspian'], 'oil.pendingTransCaspian'),
      nominated: decodeFloat64(s.oil.nominated, ROUTES.length, 'oil.nominated'),
      transitRisk: s.oil.transitRisk,
    },
    cases: { pipeline: decodeFloat64(s.cases.pipeline, P['sanctions.investigationLag'], 'cases.pipeline'), recent: decodeFloat64(s.cases.recent, 12, 'cases.recent') },
    scales: decodeFloat64(s.scales, COMPONENTS.length, 'scales'),
    base: { ...s.base },
    scalars: { ...s.scalars },
    rows,
    // JSON never holds `undefined`, so an absent `data` is absent, as LogEntry wants it.
    log: structuredClone(s.log) as LogEntry[],
  });
}
