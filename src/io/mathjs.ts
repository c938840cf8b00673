import { createRequire } from 'node:module';
import { provideMathjs, type Mathjs } from '../model/mathjs.js';

// On Node, mathjs is required (synchronously) the first time the core asks for it: a
// scenario's condition compiled, a statistic of `compare` computed. A run of a scenario
// without conditions never loads it, in the CLI or in a worker thread.
const require = createRequire(import.meta.url);
provideMathjs(() => require('mathjs/lib/browser/math.js') as Mathjs);
