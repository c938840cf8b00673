import { monthsBetween } from '../model/calendar.js';
import type { LogEntry } from '../model/log.js';
import { CHANNELS, POWERS, ROUTES, leverIndex } from '../model/ids.js';
import type { Interventions } from '../model/interventions.js';
import { compileCondition, conditionScope, type Condition, type ConditionScope } from './expressions.js';
import type { ScenarioEvent } from './schema.js';
import type { Issue } from '../input/issues.js';

/** Step number of a month reference ("YYYY-MM" or a step number). */
export function stepOf(start: string, ref: string | number): number {
  return typeof ref === 'number' ? ref : monthsBetween(start, ref);
}

/** Writes one active event's effect into this month's interventions. */
export function applyEffect(e: ScenarioEvent, iv: Interventions): void {
  const lever = (p: string, c: string): number => leverIndex(POWERS.indexOf(p as never), CHANNELS.indexOf(c as never));
  const floor = (k: number, v: number): void => void (iv.leverFloor[k] = Math.max(iv.leverFloor[k]!, v));
  switch (e.type) {
    case 'enforcement':
      return floor(lever(e.by, 'enforcement'), e.level);
    case 'routeDisruption': {
      const r = ROUTES.indexOf(e.route);
      iv.capacityFactor[r] = iv.capacityFactor[r]! * e.capacityFactor;
      return;
    }
    case 'coercion': {
      const k = lever(e.by, e.channel);
      iv.leverCeiling[k] = Math.min(iv.leverCeiling[k]!, -e.intensity);
      return;
    }
    case 'securityAssurance':
      return floor(lever(e.by, 'security'), e.intensity);
    case 'investment':
      return floor(lever(e.by, 'investment'), e.intensity);
    case 'greyDemand':
      iv.greyPremium += e.premium;
      return;
    case 'oilPrice':
      iv.oilPrice *= e.factor;
      return;
    case 'exportControl':
      if (e.measure === 'goodsTracking') iv.tracking = Math.max(iv.tracking, e.strength);
      else iv.exportBan = 1 - (1 - iv.exportBan) * (1 - e.strength);
      return;
    case 'migrationShock':
      iv.migrants += e.people;
      return;
  }
}

/**
 * Bounds on what events add up to in one month: the bounds of a single event. Stacking
 * fifty oil-price events cannot take the price past five times its level, nor stacked
 * grey-demand events the premium past 10. Documented in docs/MODEL.md §7.1.
 */
export const COMBINED_LIMITS = { oilPrice: [0.05, 5], greyPremium: 10, migrants: 100_000_000 } as const;

/** Caps the month's combined event effects at COMBINED_LIMITS. */
export function capEffects(iv: Interventions): void {
  iv.oilPrice = Math.min(COMBINED_LIMITS.oilPrice[1], Math.max(COMBINED_LIMITS.oilPrice[0], iv.oilPrice));
  iv.greyPremium = Math.min(COMBINED_LIMITS.greyPremium, iv.greyPremium);
  iv.migrants = Math.min(COMBINED_LIMITS.migrants, iv.migrants);
}

/** A one-line account of an event for the log. */
export function describeEvent(e: ScenarioEvent): string {
  switch (e.type) {
    case 'enforcement':
      return `${e.by} enforcement raised to at least ${e.level}`;
    case 'routeDisruption':
      return `${e.route} oil route capacity cut to ${e.capacityFactor} of normal`;
    case 'coercion':
      return `${e.by} presses on ${e.channel} (lever at most -${e.intensity})`;
    case 'securityAssurance':
      return `${e.by} pledges security support (lever at least ${e.intensity})`;
    case 'investment':
      return `${e.by} raises investment by at least ${Math.round(e.intensity * 100)}% (lever at least ${e.intensity})`;
    case 'greyDemand':
      return `Russian demand for re-exports adds ${e.premium} to the grey margin`;
    case 'oilPrice':
      return `oil price multiplied by ${e.factor}`;
    case 'exportControl':
      return e.measure === 'goodsTracking' ? `Kazakhstan tracks goods crossing the border (detection sees compliance at least ${e.strength})` : `Kazakhstan bans exports of listed dual-use goods (${Math.round(e.strength * 100)}% of re-exportable goods)`;
    case 'migrationShock':
      return `${e.people} people arrive`;
  }
}

/** What the event program needs of a scenario: its calendar and its timeline. */
export interface Timeline {
  readonly start: string;
  readonly horizon: number;
  readonly events: readonly ScenarioEvent[];
}

/**
 * Where the timeline stands: for each event, the window [first, last] (steps) in which
 * a triggered (`when`) event is or was last active, or null for a scheduled event (its
 * window is fixed by the scenario) and for a triggered one that has not fired.
 */
export type EventState = readonly (readonly [number, number] | null)[];

/**
 * The scenario's timeline as the engine sees it: at each step, given the last
 * recorded state, it writes the active events' effects and logs what started.
 */
export interface EventProgram {
  /** Writes this month's effects and logs what started; returns the issue of a condition that cannot be evaluated (the run must stop). */
  apply(step: number, month: string, lastState: ReadonlyMap<string, number>, into: Interventions, log: LogEntry[]): Issue | undefined;
  /** The program's state, JSON-safe, for a snapshot. */
  state(): EventState;
}

interface Slot {
  readonly event: ScenarioEvent;
  readonly name: string;
  first: number;
  last: number;
  readonly condition?: Condition;
}

/**
 * Compiles a timeline into the engine's event program (conditions were checked at
 * load), starting from `state` when it continues a saved run.
 */
export function createEventProgram(t: Timeline, state?: EventState): EventProgram {
  const slots: Slot[] = t.events.map((event, i) => {
    const name = event.id ?? `${event.type}#${i + 1}`;
    if (event.when !== undefined) {
      const c = compileCondition(event.when);
      if (!c.ok) throw new Error(`Unchecked condition reached the engine: ${event.when}`);
      const fired = state?.[i];
      return { event, name, first: fired ? fired[0] : 0, last: fired ? fired[1] : -1, condition: c.condition };
    }
    if (event.at !== undefined) return { event, name, first: stepOf(t.start, event.at), last: stepOf(t.start, event.at) };
    return { event, name, first: stepOf(t.start, event.from ?? 1), last: event.until !== undefined ? stepOf(t.start, event.until) : t.horizon };
  });
  return {
    apply(step, month, lastState, into, log) {
      let scope: ConditionScope | undefined;
      for (const [i, slot] of slots.entries()) {
        const e = slot.event;
        if (slot.condition) {
          const active = slot.first <= step && step <= slot.last;
          const mayFire = slot.last < 0 || e.repeat === true;
          const holds = !active && mayFire && step > slot.last ? slot.condition((scope ??= conditionScope(lastState))) : false;
          if (typeof holds === 'object') {
            return { code: 'EXPRESSION_RUNTIME', severity: 'error', path: ['events', i, 'when'], message: `The condition of event ${slot.name} (${JSON.stringify(e.when)}) cannot be evaluated in ${month}: ${holds.error}` };
          }
          if (holds) {
            slot.first = step;
            slot.last = step + (e.duration ?? 1) - 1;
            log.push({ step, month, actor: 'scenario', kind: `event.${e.type}`, detail: `${slot.name}: ${describeEvent(e)}`, why: `condition held: ${e.when}` });
          }
        } else if (step === slot.first) {
          const until = slot.last > slot.first ? ` until step ${slot.last}` : '';
          log.push({ step, month, actor: 'scenario', kind: `event.${e.type}`, detail: `${slot.name}: ${describeEvent(e)}${until}`, why: e.note ?? 'scheduled in the scenario' });
        }
        if (slot.first <= step && step <= slot.last) applyEffect(e, into);
      }
      capEffects(into);
      return undefined;
    },
    state: () => slots.map((s) => (s.condition && s.last >= 0 ? ([s.first, s.last] as const) : null)),
  };
}
