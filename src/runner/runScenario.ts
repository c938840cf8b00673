import type { InvariantBreach } from '../engine/invariants.js';
import { simulate } from '../engine/simulate.js';
import { withOverrides, type Calibration } from '../calibration/load.js';
import { buildRunResult, type RunResult } from '../results/runResult.js';
import { createEventProgram } from '../scenario/events.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

/** Provenance every result carries; computed at the edge (hashing is I/O-free but done once per invocation). */
export interface Provenance {
  readonly engineVersion: string;
  readonly scenarioSha256: string;
  readonly calibrationSha256: string;
}

export interface RunRequest {
  readonly scenario: ResolvedScenario;
  readonly calibration: Calibration;
  readonly provenance: Provenance;
  readonly seed: number;
  /** Overrides the scenario's firm count. */
  readonly firms?: number;
}

export type RunResponse = { readonly ok: true; readonly result: RunResult } | { readonly ok: false; readonly seed: number; readonly breach: InvariantBreach };

/** Runs one seed of a resolved scenario and builds its result document. */
export function runScenario(req: RunRequest): RunResponse {
  const params = withOverrides(req.calibration.params, req.scenario.parameters);
  const firms = req.firms ?? req.scenario.firms ?? params['firms.count'];
  const outcome = simulate({
    params,
    doctrine: req.scenario.doctrine.weights,
    start: req.scenario.start,
    horizon: req.scenario.horizon,
    firms,
    seed: req.seed,
    events: createEventProgram(req.scenario),
  });
  if (!outcome.ok) return { ok: false, seed: req.seed, breach: outcome.breach };
  const result = buildRunResult(
    { engineVersion: req.provenance.engineVersion, scenario: req.scenario, scenarioSha256: req.provenance.scenarioSha256, calibrationSha256: req.provenance.calibrationSha256, seed: req.seed, firms },
    outcome.output,
  );
  return { ok: true, result };
}
