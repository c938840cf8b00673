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

/** Seeded streams for one run. Alea is used for speed (~160 M draws/s here); its seed is the run seed and the stream name. */
export function createStreams(seed: number): RngStreams {
  const make = (name: StreamName): Prng => seedrandom.alea(`mvsim/${seed}/${name}`);
  return {
    'firms.init': make('firms.init'),
    'firms.step': make('firms.step'),
    enforcement: make('enforcement'),
    powers: make('powers'),
    kz: make('kz'),
  };
}

/** A standard normal draw (Box–Muller; consumes exactly two uniforms so stream consumption is fixed). */
export function normal(rng: Prng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
