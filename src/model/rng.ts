import alea from 'seedrandom/lib/alea.js';

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

/** A standard normal draw (Box–Muller; consumes exactly two uniforms so stream consumption is fixed). */
export function normal(rng: Prng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
