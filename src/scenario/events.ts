import { monthsBetween } from '../engine/calendar.js';
import type { EventProgram } from '../engine/eventProgram.js';
import type { LogEntry } from '../engine/log.js';
import { CHANNELS, POWERS, ROUTES, leverIndex } from '../model/ids.js';
import type { Interventions } from '../model/interventions.js';
import { compileCondition, type Condition } from './expressions.js';
import type { ResolvedScenario } from './resolved.js';
import type { ScenarioEvent } from './schema.js';

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
    case 'migrationShock':
      iv.migrants += e.people;
      return;
  }
}

/** A one-line account of an event for the log. */
export function describeEvent(e: ScenarioEvent): string {
  switch (e.type) {
    case 'enforcement':
      return `${e.by} enforcement raised to at least ${e.level}`;
    case 'routeDisruption':
      return `${e.route} route capacity cut to ${e.capacityFactor} of normal`;
    case 'coercion':
      return `${e.by} presses on ${e.channel} (lever at most -${e.intensity})`;
    case 'securityAssurance':
      return `${e.by} pledges security support (lever at least ${e.intensity})`;
    case 'investment':
      return `${e.by} raises investment (lever at least ${e.intensity})`;
    case 'greyDemand':
      return `Russian demand for re-exports adds ${e.premium} to the grey margin`;
    case 'oilPrice':
      return `oil price multiplied by ${e.factor}`;
    case 'migrationShock':
      return `${e.people} people arrive`;
  }
}

interface Slot {
  readonly event: ScenarioEvent;
  readonly name: string;
  readonly first: number;
  readonly last: number;
  readonly condition?: Condition;
}

/** Compiles a resolved scenario's timeline into the engine's event program (conditions were checked at load). */
export function createEventProgram(s: ResolvedScenario): EventProgram {
  const slots: Slot[] = s.events.map((event, i) => {
    const name = event.id ?? `${event.type}#${i + 1}`;
    if (event.when !== undefined) {
      const c = compileCondition(event.when);
      if (!c.ok) throw new Error(`Unchecked condition reached the engine: ${event.when}`);
      return { event, name, first: 0, last: -1, condition: c.condition };
    }
    if (event.at !== undefined) return { event, name, first: stepOf(s.start, event.at), last: stepOf(s.start, event.at) };
    return { event, name, first: stepOf(s.start, event.from ?? 1), last: event.until !== undefined ? stepOf(s.start, event.until) : s.horizon };
  });
  return {
    apply(step, month, state, into, log: LogEntry[]) {
      slots.forEach((slot, i) => {
        const e = slot.event;
        if (slot.condition) {
          const active = slot.first <= step && step <= slot.last;
          const mayFire = slot.last < 0 || e.repeat === true;
          if (!active && mayFire && step > slot.last && slot.condition(state)) {
            slots[i] = { ...slot, first: step, last: step + (e.duration ?? 1) - 1 };
            log.push({ step, month, actor: 'scenario', kind: `event.${e.type}`, detail: `${slot.name}: ${describeEvent(e)}`, why: `condition held: ${e.when}` });
          }
        } else if (step === slot.first) {
          const until = slot.last > slot.first ? ` until step ${slot.last}` : '';
          log.push({ step, month, actor: 'scenario', kind: `event.${e.type}`, detail: `${slot.name}: ${describeEvent(e)}${until}`, why: e.note ?? 'scheduled in the scenario' });
        }
        const s2 = slots[i]!;
        if (s2.first <= step && step <= s2.last) applyEffect(e, into);
      });
    },
  };
}
