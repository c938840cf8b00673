import { failure, type Outcome } from '../input/issues.js';

/** The most seeds one command takes: an ensemble file keeps every seed's values (about 1.8 KB a seed), and one JSON text has to stay far below the engine's largest string. */
export const MAX_SEEDS = 100_000;
const MAX_SEED = 4294967295;

/**
 * Parses a seed list such as `1..1000`, `3,7,9` or `1..10,20..29` into ascending seeds.
 * Returns an issue for anything else (reversed ranges, repeats, out-of-range seeds).
 */
export function parseSeedList(spec: string): Outcome<{ seeds: number[] }> {
  const seeds: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (!m) return failure('INVALID_OPTION', `--seeds: "${part.trim()}" is not a seed or a range; write e.g. 1..1000 or 1,2,5`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from > MAX_SEED || to > MAX_SEED) return failure('INVALID_OPTION', `--seeds: seeds must be integers in [0, ${MAX_SEED}]`);
    if (to < from) return failure('INVALID_OPTION', `--seeds: the range ${from}..${to} runs backwards; write ${to}..${from}`);
    if (seeds.length + (to - from + 1) > MAX_SEEDS) return failure('INVALID_OPTION', `--seeds: at most ${MAX_SEEDS.toLocaleString('en-US')} seeds in one command (its file keeps every seed's values); split a larger ensemble by seed ranges`);
    for (let s = from; s <= to; s++) seeds.push(s);
  }
  seeds.sort((a, b) => a - b);
  for (let i = 1; i < seeds.length; i++) if (seeds[i] === seeds[i - 1]) return failure('INVALID_OPTION', `--seeds: seed ${seeds[i]} is listed twice`);
  return { ok: true, seeds };
}
