import type { Issue } from '../input/issues.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { DOCTRINE_WEIGHTS } from '../model/doctrine.js';
import { POWERS } from '../model/ids.js';
import { PARAM_IDS } from '../model/params.js';
import { stepOf } from '../scenario/events.js';
import type { ScenarioEvent } from '../scenario/schema.js';
import type { WorldSnapshot } from './snapshot.js';
import type { WorldSpec } from './world.js';

/**
 * Where two runs first part before a checkpoint: an issue whose path is the field of
 * the new run's scenario (e.g. ['parameters', 'sanctions.enforcement0.US'] or
 * ['events', 3]) and whose message says what differs. The reader of the scenario
 * file locates it.
 */
const diverges = (path: readonly (string | number)[], message: string): Issue => ({ code: 'BRANCH_DIVERGES', severity: 'error', path, message });

/** The step an event starts acting on, or undefined for a triggered event. */
function firstStep(start: string, e: ScenarioEvent): number | undefined {
  if (e.when !== undefined) return undefined;
  return stepOf(start, e.at ?? e.from ?? 1);
}

// Key order does not make two events different (a state read from its file has its keys sorted).
const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * Checks that a run of `next` would have reached the snapshot's state: the two agree
 * on everything up to the snapshot's month — start, firms, seed, every parameter,
 * the doctrine, every scheduled event that started by then (in the same order) and
 * every triggered event (it could have fired at any month). Events that start after
 * the checkpoint may differ: that is the branch. Returns the first difference, or
 * undefined when the branch is sound.
 */
export function divergence(parent: WorldSnapshot, next: WorldSpec): Issue | undefined {
  const p = parent.spec;
  const k = parent.step;
  if (next.start !== p.start) return diverges(['start'], `this run starts in ${next.start}; the state's run started in ${p.start}`);
  if (next.horizon < k) return diverges(['horizon'], `this run's horizon of ${next.horizon} months ends before the state's month (step ${k})`);
  if (next.firms !== p.firms) return diverges(['firms'], `this run has ${next.firms} firms; the state has ${p.firms}`);
  if (next.seed !== p.seed) return diverges(['seed'], `this run has seed ${next.seed}; the state was made with seed ${p.seed}`);
  if ((next.heldPowers ?? 0) !== p.heldPowers) return diverges(['heldPowers'], 'this run holds other powers than the state\'s');
  for (const id of PARAM_IDS) {
    if (next.params[id] !== p.params[id]) return diverges(['parameters', id], `this run has ${id} = ${next.params[id]}; the state's run used ${p.params[id]}`);
  }
  for (const w of DOCTRINE_WEIGHTS) {
    if (next.doctrine[w] !== p.doctrine[w]) return diverges(['doctrineWeights', w], `this run's doctrine weight ${w} is ${next.doctrine[w]}; the state's run used ${p.doctrine[w]}`);
  }
  for (const power of POWERS) {
    if (next.doctrine.affinity[power] !== p.doctrine.affinity[power]) return diverges(['doctrineWeights', 'affinity', power], `this run's doctrine affinity to ${power} is ${next.doctrine.affinity[power]}; the state's run used ${p.doctrine.affinity[power]}`);
  }
  // Events that acted by the checkpoint, in order, must be the same events.
  const early = (events: readonly ScenarioEvent[], start: string): { e: ScenarioEvent; i: number }[] =>
    events.flatMap((e, i) => {
      const s = firstStep(start, e);
      return s === undefined || s <= k ? [{ e, i }] : [];
    });
  const a = early(p.events, p.start);
  const b = early(next.events, next.start);
  for (let j = 0; j < Math.max(a.length, b.length); j++) {
    const x = a[j];
    const y = b[j];
    if (y === undefined) return diverges(['events'], `the state's run had an event acting by step ${k} (${describe(x!.e)}) that this run does not have`);
    if (x === undefined || !same(x.e, y.e)) {
      const what = y.e.when !== undefined ? 'a triggered event (it could have fired before the state\'s month)' : `an event acting by step ${k}`;
      return diverges(['events', y.i], `this run has ${what} that the state's run did not have at this place in its timeline: ${describe(y.e)}`);
    }
  }
  return undefined;
}

/** An event in one line for messages: its type and timing. */
function describe(e: ScenarioEvent): string {
  const timing = e.when !== undefined ? `when ${e.when}` : e.at !== undefined ? `at ${e.at}` : `from ${e.from ?? 1}${e.until !== undefined ? ` until ${e.until}` : ''}`;
  return `${e.id ?? e.type}, ${timing}`;
}

/**
 * The event states of a branch: each triggered event of `next` takes the state of the
 * same triggered event in the parent (they were checked equal and in the same order).
 */
export function branchEventState(parent: WorldSnapshot, next: WorldSpec): WorldSnapshot['events'] {
  const fired = parent.spec.events.flatMap((e, i) => (e.when !== undefined ? [parent.events[i] ?? null] : []));
  let j = 0;
  return next.events.map((e) => (e.when !== undefined ? (fired[j++] ?? null) : null));
}
