import type { Issue } from '../input/issues.js';
import { checkRow, describeBreach } from '../engine/invariants.js';
import { restore } from '../engine/snapshot.js';
import { INDICATORS } from '../model/indicators.js';
import { addMonths } from '../model/calendar.js';
import { parseDocument, topLevelKeyLine } from './parseResult.js';
import { StateDocumentSchema, type StateDocument } from './stateDocument.js';

/**
 * Parses and checks a state file: the schema, then that its parts agree with each
 * other (seed, firms, step and month of the header and of the world it carries).
 */
export function parseStateDocument(file: string, text: string): { ok: true; doc: StateDocument } | { ok: false; issues: Issue[] } {
  const parsed = parseDocument(file, text, { state: StateDocumentSchema }, 'NOT_A_STATE', 'state');
  if (!parsed.ok) return parsed;
  const d = parsed.doc;
  const w = d.world;
  const problems: [string, string][] = [];
  if (w.spec.seed !== d.seed) problems.push(['seed', `the header says seed ${d.seed}, the world was made with ${w.spec.seed}`]);
  if (w.spec.firms !== d.firms) problems.push(['firms', `the header says ${d.firms} firms, the world has ${w.spec.firms}`]);
  if (w.step !== d.step) problems.push(['step', `the header says step ${d.step}, the world is at step ${w.step}`]);
  if (addMonths(w.spec.start, d.step) !== d.month) problems.push(['month', `step ${d.step} of a run starting ${w.spec.start} is ${addMonths(w.spec.start, d.step)}, not ${d.month}`]);
  if (w.step > w.spec.horizon) problems.push(['step', `step ${w.step} is after the run's horizon (${w.spec.horizon} months)`]);
  if (w.events.length !== w.spec.events.length) problems.push(['world', `the world has state for ${w.events.length} events and a timeline of ${w.spec.events.length}`]);
  if (!problems.length) {
    // the packed arrays (firms, levers, oil, cases, rows) must decode to the lengths the world needs
    try {
      const world = restore(w);
      // the months it has recorded must hold the invariants a run checks every month (a tampered row would otherwise surface as a model failure later)
      const cols = INDICATORS.length;
      for (let k = 0; k <= w.step; k++) {
        const breach = checkRow(world.rows.subarray(k * cols, (k + 1) * cols), k, addMonths(w.spec.start, k));
        if (breach) {
          problems.push(['world', `its record breaks an invariant: ${describeBreach(breach)}`]);
          break;
        }
      }
    } catch (e) {
      problems.push(['world', e instanceof Error ? e.message : String(e)]);
    }
  }
  if (!problems.length) return parsed;
  return { ok: false, issues: problems.map(([field, message]) => ({ code: 'NOT_A_STATE', severity: 'error', file, line: topLevelKeyLine(text, field), column: 1, path: [field], message: `Not a consistent state: ${message}` })) };
}
