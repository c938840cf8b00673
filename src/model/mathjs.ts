import type bundle from 'mathjs/lib/browser/math.js';

/** mathjs as mvsim uses it: the library's one-file bundle (see below for why). */
export type Mathjs = typeof bundle;

let loader: (() => Mathjs) | undefined;
let loaded: Mathjs | undefined;

/**
 * Tells the core how to load mathjs; the entry points do it (the Node edge with a
 * synchronous `require`, so that mathjs is loaded only when a condition is compiled
 * or `compare` computes a statistic; `mvsim/engine` with its bundled copy). The first
 * loader given is kept. Which mathjs, and why (measured by `npm run bench`): its main
 * entry evaluates some 1,200 modules and builds all of its ~370 functions when
 * imported (0.45 s, paid again by every worker thread); its browser bundle, an exported
 * path of the same release, loads in about 60 ms and builds a function only when it is
 * first used. The functions and their results are the same.
 */
export function provideMathjs(load: () => Mathjs): void {
  loader ??= load;
}

/** mathjs, loaded on first use. Results never depend on when that is. */
export function mathjs(): Mathjs {
  if (loaded) return loaded;
  if (!loader) throw new Error('mathjs has not been provided: import mvsim through its entry points (mvsim, mvsim/engine or the CLI), which provide it');
  loaded = loader();
  return loaded;
}
