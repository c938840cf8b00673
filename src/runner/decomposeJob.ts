import { ALL_HELD, DECOMPOSED_INDICATORS, shapleyValues, type SeedDecomposition } from '../analysis/decompose.js';
import { POWERS, type Power } from '../model/ids.js';
import { INDICATORS, indicatorIndex } from '../model/indicators.js';
import { simulateScenario, type RunRequest } from './runScenario.js';

/**
 * Decomposes one seed's run of a scenario: 16 counterfactual runs, one per subset of
 * powers held. The run with nothing held is the real run, so its values are the
 * result file's. Every run must complete; a counterfactual that breaks an invariant
 * is reported, not averaged away.
 */
export function decomposeSeed(req: RunRequest, indicators: readonly string[] = DECOMPOSED_INDICATORS): SeedDecomposition {
  const cols = INDICATORS.length;
  const columns = indicators.map(indicatorIndex);
  // finals[i][released] = final value of indicator i when exactly the powers in `released` move.
  const finals = columns.map(() => new Float64Array(ALL_HELD + 1));
  let start: number[] = [];
  let real: Float64Array = new Float64Array(0);
  for (let held = 0; held <= ALL_HELD; held++) {
    const sim = simulateScenario({ ...req, heldPowers: held });
    if (!sim.ok) return { ok: false, issues: sim.issues.map((i) => ({ ...i, message: `the counterfactual run with ${heldLabel(held)} held failed: ${i.message}` })) };
    const rows = sim.output.rows;
    const last = (rows.length / cols - 1) * cols;
    columns.forEach((c, i) => (finals[i]![ALL_HELD & ~held] = rows[last + c]!));
    if (held === 0) {
      start = columns.map((c) => rows[c]!);
      real = rows;
    }
  }
  return {
    ok: true,
    rows: real,
    attributions: indicators.map((indicator, i) => {
      const v = finals[i]!;
      const phi = shapleyValues(v, POWERS.length);
      const s = start[i]!;
      return {
        indicator,
        start: s,
        final: v[ALL_HELD]!,
        change: v[ALL_HELD]! - s,
        parts: Object.fromEntries(POWERS.map((p, k) => [p, phi[k]!])) as Record<Power, number>,
        rest: v[0]! - s,
      };
    }),
  };
}

function heldLabel(held: number): string {
  const names = POWERS.filter((_, p) => held & (1 << p));
  return names.length ? names.join(', ') : 'no power';
}
