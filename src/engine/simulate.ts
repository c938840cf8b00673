import type { LogEntry } from '../model/log.js';
import type { Outcome } from '../input/issues.js';
import { init, isDone, step, type World, type WorldSpec } from './world.js';

/** A finished run: one row per month (the start state is row 0), in INDICATORS order. */
export interface RunOutput {
  readonly months: readonly string[];
  /** (horizon + 1) x INDICATORS.length, row-major. */
  readonly rows: Float64Array;
  readonly log: readonly LogEntry[];
}

export type RunOutcome = Outcome<{ output: RunOutput }>;

/** Steps a world to its horizon and returns its record; a broken invariant stops it. */
export function finish(world: World): RunOutcome {
  while (!isDone(world)) {
    const s = step(world);
    if (!s.ok) return s;
  }
  return { ok: true, output: { months: world.months, rows: world.rows, log: world.log } };
}

/** Runs one seeded simulation from its start state to its horizon: `init`, then `step` every month. */
export function simulate(spec: WorldSpec): RunOutcome {
  const started = init(spec);
  return started.ok ? finish(started.world) : started;
}
