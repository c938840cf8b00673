// Bundles the CLI entry (dist/cli/bin.js, as tsc wrote it) and the worker-thread
// script (dist/parallel/worker.js), each with its static imports, into one file in its
// place. Node 20 loads ES modules one file at a time, and a cold `mvsim run` spent
// about 0.1 s of CPU resolving and compiling some three hundred of them (issue 13).
// mathjs, vega and apache-arrow stay outside: they are loaded on demand from node_modules, and only
// when a command needs them. The library entry points (dist/node, dist/api) are not
// bundled. Run by `npm run build` after tsc.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// CommonJS dependencies (yaml, yargs) call require: the bundle gets one
const banner = "import { createRequire as __mvsimCreateRequire } from 'node:module';\nconst require = __mvsimCreateRequire(import.meta.url);";
for (const entry of [join(root, 'dist', 'cli', 'bin.js'), join(root, 'dist', 'parallel', 'worker.js')]) {
  if (readFileSync(entry, 'utf8').includes('__mvsimCreateRequire')) continue; // bundled already (run twice without tsc between)
  await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // loaded on demand, or never (a protobuf export of sketches-js)
    external: ['mathjs', 'mathjs/*', 'vega', 'vega-lite', 'apache-arrow', 'protobufjs', 'protobufjs/*'],
    banner: { js: banner },
    logLevel: 'error',
  });
}
chmodSync(join(root, 'dist', 'cli', 'bin.js'), 0o755);
