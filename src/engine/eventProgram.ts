import type { Interventions } from '../model/interventions.js';
import type { LogEntry } from './log.js';

/**
 * The scenario's timeline as the engine sees it: at each step, given the last
 * recorded state, it writes the active events' effects and logs what started or ended.
 */
export interface EventProgram {
  apply(step: number, month: string, lastState: ReadonlyMap<string, number>, into: Interventions, log: LogEntry[]): void;
}

/** A timeline with no events. */
export const NO_EVENTS: EventProgram = { apply: () => undefined };
