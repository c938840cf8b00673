import { CHANNELS, POWERS, ROUTES } from './ids.js';

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
  /** Kazakhstan's goods tracking: a floor on the compliance that detection sees (0 = none). */
  tracking: number;
  /** Kazakhstan's export bans on listed dual-use goods: share of grey potential they remove (0 = none). */
  exportBan: number;
  /** People arriving this month (migration shock). */
  migrants: number;
}

/** Interventions that change nothing. */
export function noInterventions(): Interventions {
  const n = POWERS.length * CHANNELS.length;
  const iv: Interventions = { leverFloor: new Float64Array(n), leverCeiling: new Float64Array(n), capacityFactor: new Float64Array(ROUTES.length), greyPremium: 0, oilPrice: 1, tracking: 0, exportBan: 0, migrants: 0 };
  resetInterventions(iv);
  return iv;
}

/** Returns interventions to changing nothing, in place (reused every month). */
export function resetInterventions(iv: Interventions): void {
  iv.leverFloor.fill(Number.NEGATIVE_INFINITY);
  iv.leverCeiling.fill(Number.POSITIVE_INFINITY);
  iv.capacityFactor.fill(1);
  iv.greyPremium = 0;
  iv.oilPrice = 1;
  iv.tracking = 0;
  iv.exportBan = 0;
  iv.migrants = 0;
}
