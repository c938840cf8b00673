import type { Outcome } from '../input/issues.js';
import { POWERS, type Power } from '../model/ids.js';

/** The indicators whose change `explain` attributes to the powers: the exposures, and what they cost. */
export const DECOMPOSED_INDICATORS: readonly string[] = [
  ...POWERS.map((p) => `trade.exposure.${p}`),
  'security.exposure',
  'sanctions.exposure',
  'trade.exports.RU',
  'trade.imports.RU',
  'economy.gdpIndex',
  'trade.exportRevenueIndex',
  'stability.index',
  'kz.balanceIndex',
];

/** How the change is split; recorded with every decomposition. */
export const DECOMPOSITION_METHOD =
  'Shapley decomposition over the four powers by counterfactual runs: the run is repeated with every subset of the powers\' levers held at their start-of-run values (16 runs, same seed, so the same random draws); ' +
  'a power\'s part is its marginal effect on the final value averaged over every order in which the powers could be released; "everything else" is the change with all four held ' +
  '(Kazakhstan\'s own choices, firms, trend growth, and scenario events that act outside the levers: oil route capacity, oil price, grey demand, Kazakhstan\'s export controls, migration). ' +
  'The parts and everything else add up to the change from the start to the final month exactly.';

/** The mask with every power held. */
export const ALL_HELD = (1 << POWERS.length) - 1;

/** One indicator's change from the start month to the final month, split by source. */
export interface Attribution {
  readonly indicator: string;
  readonly start: number;
  readonly final: number;
  readonly change: number;
  readonly parts: Readonly<Record<Power, number>>;
  readonly rest: number;
}

/** One seed's attributions, and the rows of its real run (nothing held), by which the result file is checked. */
export type SeedDecomposition = Outcome<{ attributions: readonly Attribution[]; rows: Float64Array }>;

/** n! for the small n of the Shapley weights. */
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

const bitCount = (mask: number): number => {
  let c = 0;
  for (let m = mask; m; m &= m - 1) c++;
  return c;
};

/**
 * Shapley values of the players 0..n-1 for a game given on every coalition:
 * `value[mask]` is the outcome when the players in `mask` act. They sum to
 * value[all] - value[none] (efficiency).
 */
export function shapleyValues(value: ArrayLike<number>, n: number): number[] {
  const all = (1 << n) - 1;
  return Array.from({ length: n }, (_, p) => {
    let phi = 0;
    for (let s = 0; s <= all; s++) {
      if (s & (1 << p)) continue;
      const k = bitCount(s);
      phi += ((factorial(k) * factorial(n - k - 1)) / factorial(n)) * ((value[s | (1 << p)] ?? 0) - (value[s] ?? 0));
    }
    return phi;
  });
}

/** The mean of several seeds' attributions, indicator by indicator (Shapley values are linear, so this is the decomposition of the mean). */
export function meanAttributions(perSeed: readonly (readonly Attribution[])[]): Attribution[] {
  const n = perSeed.length;
  const first = perSeed[0] ?? [];
  const mean = (f: (a: Attribution) => number, i: number): number => perSeed.reduce((s, seed) => s + f(seed[i]!), 0) / n;
  return first.map((a, i) => ({
    indicator: a.indicator,
    start: mean((x) => x.start, i),
    final: mean((x) => x.final, i),
    change: mean((x) => x.change, i),
    parts: Object.fromEntries(POWERS.map((p) => [p, mean((x) => x.parts[p], i)])) as Record<Power, number>,
    rest: mean((x) => x.rest, i),
  }));
}

