import { z } from 'zod';
import { WorldSnapshotSchema, type WorldSnapshot } from '../engine/snapshot.js';
import { MonthSchema } from '../scenario/schema.js';
import { ResolvedScenarioSchema } from '../scenario/resolved.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { RESULT_SCHEMA_VERSION, type ResultMeta } from './runResult.js';

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
