import { z } from 'zod';
import type { Issue } from '../input/issues.js';
import { WorldSnapshotSchema, type WorldSnapshot } from '../engine/snapshot.js';
import { addMonths } from '../model/calendar.js';
import { MonthSchema } from '../scenario/schema.js';
import { ResolvedScenarioSchema } from '../scenario/resolved.js';
import { parseDocument, topLevelKeyLine } from './parseResult.js';
import { canonicalJson, RESULT_SCHEMA_VERSION, type ResultMeta } from './runResult.js';

/**
 * A checkpoint: a run's whole state after one month, with the provenance a reader
 * needs to know what it may be continued with (engine, calibration and scenario
 * hashes, seed). Written by `run --checkpoint-at`, read by `run --from-state`.
 */
export const StateDocumentSchema = z.strictObject({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  kind: z.literal('state'),
  engine: z.strictObject({ name: z.literal('mvsim'), version: z.string() }),
  scenario: z.strictObject({ name: z.string(), sha256: z.string().length(64), resolved: ResolvedScenarioSchema }),
  calibration: z.strictObject({ sha256: z.string().length(64) }),
  seed: z.number().int(),
  firms: z.number().int().min(1),
  month: MonthSchema,
  step: z.number().int().min(0),
  world: WorldSnapshotSchema,
});
export type StateDocument = z.infer<typeof StateDocumentSchema>;

/** The state document of a world snapshot; key order is fixed by canonical JSON. */
export function buildStateDocument(meta: ResultMeta & { readonly seed: number }, world: WorldSnapshot, month: string): StateDocument {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'state',
    engine: { name: 'mvsim', version: meta.engineVersion },
    scenario: { name: meta.scenario.name, sha256: meta.scenarioSha256, resolved: meta.scenario },
    calibration: { sha256: meta.calibrationSha256 },
    seed: meta.seed,
    firms: meta.firms,
    month,
    step: world.step,
    world,
  };
}

/** The bytes of a state file. */
export const stateFileContent = (doc: StateDocument): string => `${canonicalJson(doc, 1)}\n`;

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
  if (!problems.length) return parsed;
  return { ok: false, issues: problems.map(([field, message]) => ({ code: 'NOT_A_STATE', severity: 'error', file, line: topLevelKeyLine(text, field), column: 1, path: [field], message: `Not a consistent state: ${message}` })) };
}
