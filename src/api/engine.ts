/**
 * `mvsim/engine`: the simulation engine for any JavaScript runtime — a browser, a
 * worker, Deno, Node. No file system, no Node built-in, no clock: scenarios come in as
 * data or text, the shipped calibration and scenarios are built in, and a run is a
 * value you can step, observe, snapshot and restore.
 *
 * @example Run a shipped scenario month by month and watch one indicator
 * ```ts
 * import { init, observe, prepare, shippedScenario, step, worldSpecOf } from 'mvsim/engine';
 *
 * const scenario = shippedScenario('secondary-sanctions-strict.yaml');
 * if (!scenario.ok) throw new Error(scenario.issues[0].message);
 * const setup = await prepare(scenario.scenario);
 * const started = init(worldSpecOf({ ...setup, seed: 1, firms: 500 }));
 * if (!started.ok) throw new Error('the start state broke an invariant');
 * const world = started.world;
 * for (let month = 0; month < 6; month++) step(world);
 * const now = observe(world);
 * console.log(now.month, now.values['sanctions.enforcement']!.toFixed(2));
 * // prints: 2022-09 0.94
 * ```
 * @packageDocumentation
 */
import bundle from 'mathjs/lib/browser/math.js';
import { provideMathjs } from '../model/mathjs.js';

// Where there is no synchronous `require` (a browser), mathjs comes bundled with the engine.
provideMathjs(() => bundle);

export * from './library.js';
