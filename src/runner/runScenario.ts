import type { Issue, Outcome } from '../input/issues.js';
import { branchEventState, divergence } from '../engine/branch.js';
import { finish, simulate, type RunOutput } from '../engine/simulate.js';
import { restore, snapshot } from '../engine/snapshot.js';
import { init, step as stepWorld, type WorldSpec } from '../engine/world.js';
import { buildStateDocument, type StateDocument } from '../results/stateDocument.js';
import type { Calibration } from '../calibration/load.js';
import { withOverrides, type Params } from '../model/params.js';
import { buildRunResult, type ResultMeta, type RunMeta, type RunResult } from '../results/runResult.js';
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

export type SimulationResponse = Outcome<{ output: RunOutput; firms: number }>;

export type RunResponse = Outcome<{ result: RunResult }>;

/** Issues of a seed's run, their messages saying which seed. */
const ofSeed = (seed: number, issues: readonly Issue[]): { readonly ok: false; readonly issues: readonly Issue[] } => ({ ok: false, issues: issues.map((i) => ({ ...i, message: `seed ${seed}: ${i.message}` })) });

/** A setup with the firm count a user asked for, if any (else the scenario's or the calibration's). */
export const withFirms = <S extends RunSetup>(setup: S, firms: number | undefined): S => (firms === undefined ? setup : { ...setup, firms });

/** The firm count a run uses: the request's override, else the scenario's, else the calibration's. */
export function firmCount(setup: RunSetup, params: Params = withOverrides(setup.calibration.params, setup.scenario.parameters)): number {
  return setup.firms ?? setup.scenario.firms ?? params['firms.count'];
}

/** The provenance and firm count every result of this setup carries. */
export function resultMetaOf(setup: RunSetup): ResultMeta {
  const p = setup.provenance;
  return { engineVersion: p.engineVersion, scenario: setup.scenario, scenarioSha256: p.scenarioSha256, calibrationSha256: p.calibrationSha256, firms: firmCount(setup) };
}

/** The engine's spec of one seed of a resolved scenario. */
export function worldSpecOf(req: RunRequest): WorldSpec {
  const params = withOverrides(req.calibration.params, req.scenario.parameters);
  return {
    params,
    doctrine: req.scenario.doctrine.weights,
    start: req.scenario.start,
    horizon: req.scenario.horizon,
    firms: firmCount(req, params),
    seed: req.seed,
    heldPowers: req.heldPowers ?? 0,
    events: req.scenario.events,
  };
}

/** Simulates one seed of a resolved scenario and returns the raw output (no result document). */
export function simulateScenario(req: RunRequest): SimulationResponse {
  const spec = worldSpecOf(req);
  const outcome = simulate(spec);
  return outcome.ok ? { ok: true, output: outcome.output, firms: spec.firms } : ofSeed(req.seed, outcome.issues);
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

export type CheckpointResponse = Outcome<{ result: RunResult; state: StateDocument }>;

/** Simulates one seed to its horizon and also returns its state after `step` months (0 = the start state). */
export function simulateWithCheckpoint(req: RunRequest, step: number): Outcome<{ output: RunOutput; firms: number; state: StateDocument }> {
  const spec = worldSpecOf(req);
  const started = init(spec);
  if (!started.ok) return ofSeed(req.seed, started.issues);
  const world = started.world;
  while (world.scalars.step < step) {
    const s = stepWorld(world);
    if (!s.ok) return ofSeed(req.seed, s.issues);
  }
  const state = buildStateDocument({ ...resultMetaOf(req), firms: spec.firms, seed: req.seed }, snapshot(world), world.months[step]!);
  const done = finish(world);
  return done.ok ? { ok: true, output: done.output, firms: spec.firms, state } : ofSeed(req.seed, done.issues);
}

/** Runs one seed to its horizon and also returns its state after `step` months (0 = the start state). */
export function runWithCheckpoint(req: RunRequest, step: number): CheckpointResponse {
  const sim = simulateWithCheckpoint(req, step);
  return sim.ok ? { ok: true, result: resultOf(req, sim.output, sim.firms), state: sim.state } : sim;
}

/** What a state is continued with: the setup, with the state's firm count unless the setup or its scenario asks for another (which the agreement check refuses). */
export function continuationSetup(req: RunSetup, state: Pick<StateDocument, 'firms' | 'scenario'>): RunSetup {
  const sameFirms = req.firms === undefined && req.scenario.firms === state.scenario.resolved.firms;
  return sameFirms ? { ...req, firms: state.firms } : req;
}

/**
 * Where a run of `req`'s scenario would part from the state's run before the state's
 * month (an issue whose path is the scenario's field), or undefined when it may
 * continue the state.
 */
export function stateDivergence(req: RunSetup, state: StateDocument): Issue | undefined {
  return divergence(state.world, worldSpecOf({ ...continuationSetup(req, state), seed: state.seed }));
}

export type ContinueResponse = Outcome<{ result: RunResult }>;

/**
 * Continues a saved state to the horizon of `req`'s scenario and returns the raw output
 * with the meta of its result document (see `continueRun`).
 */
export function continueSimulation(req: RunSetup, state: StateDocument, stateSha256: string): Outcome<{ output: RunOutput; meta: RunMeta }> {
  const full: RunRequest = { ...continuationSetup(req, state), seed: state.seed };
  const spec = worldSpecOf(full);
  const parent = state.world;
  const differs = divergence(parent, spec);
  if (differs) return { ok: false, issues: [differs] };
  const world = restore({ ...parent, events: branchEventState(parent, spec) }, spec);
  const done = finish(world);
  if (!done.ok) return ofSeed(state.seed, done.issues);
  const branched = req.provenance.scenarioSha256 !== state.scenario.sha256;
  const branch = branched ? { stateSha256, month: state.month, parent: { name: state.scenario.name, sha256: state.scenario.sha256 } } : undefined;
  return { ok: true, output: done.output, meta: { ...resultMetaOf(full), firms: spec.firms, seed: state.seed, ...(branch ? { branch } : {}) } };
}

/**
 * Continues a saved state to the horizon of `req`'s scenario. With the state's own
 * scenario this is a resume, and the result is byte-identical to the uninterrupted
 * run. With another scenario it is a branch, allowed only when the two agree on
 * everything up to the state's month; the result then records the state it came from.
 * The seed is the state's; the firm count is the state's unless `req.firms` or the
 * scenario asks for another (which the agreement check refuses).
 */
export function continueRun(req: RunSetup, state: StateDocument, stateSha256: string): ContinueResponse {
  const c = continueSimulation(req, state, stateSha256);
  return c.ok ? { ok: true, result: buildRunResult(c.meta, c.output) } : c;
}
