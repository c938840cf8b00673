import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). Every stochastic function takes one as an argument. */
export type Prng = () => number;

/**
 * Independent streams, one per agent kind (and one for enforcement draws), so that
 * changing the number of firms never shifts the draws of the powers or of Kazakhstan.
 */
export const STREAMS = ['firms.init', 'firms.step', 'enforcement', 'powers', 'kz'] as const;
export type StreamName = (typeof STREAMS)[number];
export type RngStreams = Readonly<Record<StreamName, Prng>>;

/** A seeded stream named by a key; equal keys give equal streams. Alea is used for speed (~150 M draws/s here). */
export const streamFor = (key: string): Prng => seedrandom.alea(`mvsim/${key}`);

/** Seeded streams for one run; each is named by the run seed and the stream name. */
export function createStreams(seed: number): RngStreams {
  const make = (name: StreamName): Prng => streamFor(`${seed}/${name}`);
  return {
    'firms.init': make('firms.init'),
    'firms.step': make('firms.step'),
    enforcement: make('enforcement'),
    powers: make('powers'),
    kz: make('kz'),
  };
}

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
