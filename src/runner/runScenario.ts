import type { InvariantBreach } from '../engine/invariants.js';
import { simulate, type RunOutput } from '../engine/simulate.js';
import { withOverrides, type Calibration } from '../calibration/load.js';
import { buildRunResult, type ResultMeta, type RunResult } from '../results/runResult.js';
import type { Params } from '../model/params.js';
import { createEventProgram } from '../scenario/events.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

/** Provenance every result carries; computed at the edge (hashing is I/O-free but done once per invocation). */
export interface Provenance {
  readonly engineVersion: string;
  readonly scenarioSha256: string;
  readonly calibrationSha256: string;
}

/** What a run of a scenario needs apart from its seed; the same for every seed of an ensemble. */
export interface RunSetup {
  readonly scenario: ResolvedScenario;
  readonly calibration: Calibration;
  readonly provenance: Provenance;
  /** Overrides the scenario's firm count. */
  readonly firms?: number;
}

export interface RunRequest extends RunSetup {
  readonly seed: number;
  /** Counterfactual: powers whose levers are held at their start values (bit p for POWERS[p]). */
  readonly heldPowers?: number;
}

export type SimulationResponse =
  | { readonly ok: true; readonly output: RunOutput; readonly firms: number }
  | { readonly ok: false; readonly seed: number; readonly breach: InvariantBreach };

export type RunResponse = { readonly ok: true; readonly result: RunResult } | { readonly ok: false; readonly seed: number; readonly breach: InvariantBreach };

/** The firm count a run uses: the request's override, else the scenario's, else the calibration's. */
export function firmCount(setup: RunSetup, params: Params = withOverrides(setup.calibration.params, setup.scenario.parameters)): number {
  return setup.firms ?? setup.scenario.firms ?? params['firms.count'];
}

/** The provenance and firm count every result of this setup carries. */
export function resultMetaOf(setup: RunSetup): ResultMeta {
  const p = setup.provenance;
  return { engineVersion: p.engineVersion, scenario: setup.scenario, scenarioSha256: p.scenarioSha256, calibrationSha256: p.calibrationSha256, firms: firmCount(setup) };
}

/** Simulates one seed of a resolved scenario and returns the raw output (no result document). */
export function simulateScenario(req: RunRequest): SimulationResponse {
  const params = withOverrides(req.calibration.params, req.scenario.parameters);
  const firms = firmCount(req, params);
  const outcome = simulate({
    params,
    doctrine: req.scenario.doctrine.weights,
    start: req.scenario.start,
    horizon: req.scenario.horizon,
    firms,
    seed: req.seed,
    heldPowers: req.heldPowers ?? 0,
    events: createEventProgram(req.scenario),
  });
  return outcome.ok ? { ok: true, output: outcome.output, firms } : { ok: false, seed: req.seed, breach: outcome.breach };
}

/** Builds the result document of a finished simulation. */
export function resultOf(req: RunRequest, output: RunOutput, firms: number): RunResult {
  return buildRunResult({ ...resultMetaOf(req), firms, seed: req.seed }, output);
}

/** Runs one seed of a resolved scenario and builds its result document. */
export function runScenario(req: RunRequest): RunResponse {
  const sim = simulateScenario(req);
  return sim.ok ? { ok: true, result: resultOf(req, sim.output, sim.firms) } : sim;
}
