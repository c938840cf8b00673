import alea from 'seedrandom/lib/alea.js';
import { log } from './portableMath.js';

/** A source of uniform numbers in [0, 1). Every stochastic function takes one as an argument. */
export type Prng = () => number;

/** The whole state of one Alea stream: four numbers, JSON-safe, exact through a JSON round trip. */
export interface StreamState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/** A seeded stream whose position can be read, so a paused run can be saved and resumed draw for draw. */
export interface Stream extends Prng {
  state(): StreamState;
}

/**
 * Independent streams, one per agent kind (and one for enforcement draws), so that
 * changing the number of firms never shifts the draws of the powers or of Kazakhstan.
 */
export const STREAMS = ['firms.init', 'firms.step', 'enforcement', 'powers', 'kz'] as const;
export type StreamName = (typeof STREAMS)[number];
export type RngStreams = Readonly<Record<StreamName, Stream>>;

/**
 * A seeded stream named by a key; equal keys give equal streams. Alea is used for speed
 * (~150 M draws/s here); asking seedrandom for its state adds a method to the generator,
 * not a wrapper, so the hot loop still calls Alea's own function.
 */
export const streamFor = (key: string): Stream => alea(`mvsim/${key}`, { state: true });

/** A stream continuing exactly where the one whose state was read left off. */
export const restoreStream = (state: StreamState): Stream => alea('', { state: { ...state } });

/** Seeded streams for one run; each is named by the run seed and the stream name. */
export function createStreams(seed: number): RngStreams {
  const make = (name: StreamName): Stream => streamFor(`${seed}/${name}`);
  return {
    'firms.init': make('firms.init'),
    'firms.step': make('firms.step'),
    enforcement: make('enforcement'),
    powers: make('powers'),
    kz: make('kz'),
  };
}

/** The positions of a run's streams, by name. */
export const streamStates = (streams: RngStreams): Record<StreamName, StreamState> =>
  Object.fromEntries(STREAMS.map((name) => [name, streams[name].state()])) as Record<StreamName, StreamState>;

/** Streams continuing from saved positions. */
export const restoreStreams = (states: Readonly<Record<StreamName, StreamState>>): RngStreams =>
  Object.fromEntries(STREAMS.map((name) => [name, restoreStream(states[name])])) as Record<StreamName, Stream>;

/**
 * A generator for passes whose draws cannot matter (zero hazard, zero switching).
 * It is the same generator type as the real streams so the hot loop's call sites stay
 * monomorphic; a plain closure there cost about a fifth of a run's time.
 */
export const inertStream = (): Prng => streamFor('inert');

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * A standard normal draw by inverting the normal distribution function (Acklam's
 * rational approximation, relative error below 1.2e-9). One uniform per draw, so stream
 * consumption is fixed; only portable arithmetic (no Math.cos or Math.log, whose last
 * bits differ between engines), so the same seed gives the same value everywhere.
 */
export function normal(rng: Prng): number {
  return normalQuantile(rng());
}

/** The standard normal quantile of u in [0, 1) (Acklam's approximation; u is clamped away from 0 and 1). */
export function normalQuantile(u: number): number {
  const p = Math.min(Math.max(u, 1e-300), 1 - 1e-16);
  const tail = (q: number): number => (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  if (p < P_LOW) return tail(Math.sqrt(-2 * log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}
