import { CHANNELS, POWERS } from './ids.js';

/** What the scenario's active events impose on the world this month, in model terms. */
export interface Interventions {
  /** Lower bounds on levers (inducements, assurances, enforcement); -Infinity where none. */
  readonly leverFloor: Float64Array;
  /** Upper bounds on levers (coercion); +Infinity where none. */
  readonly leverCeiling: Float64Array;
  /** Multiplier on each route's usable capacity (1 = undisturbed). */
  readonly capacityFactor: Float64Array;
  /** Added to the relative grey-trade margin (Russian demand for re-exports). */
  greyPremium: number;
  /** Multiplier on the oil price. */
  oilPrice: number;
  /** People arriving this month (migration shock). */
  migrants: number;
}

/** Interventions that change nothing. */
export function noInterventions(): Interventions {
  const n = POWERS.length * CHANNELS.length;
  return {
    leverFloor: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    leverCeiling: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
    capacityFactor: new Float64Array(3).fill(1),
    greyPremium: 0,
    oilPrice: 1,
    migrants: 0,
  };
}
