// Prints the size of `mvsim/engine` bundled for the browser: the bundle
// test/browser.test.ts runs in Chromium, built with the same options as
// BROWSER_BUILD in test/_browser.ts (one minified ES module), gzipped at zlib's
// default level. Usage: node scripts/bundle-size.mjs
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const r = await build({
  entryPoints: ['src/api/engine.ts'],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  write: false,
  minify: true,
  metafile: true,
  logLevel: 'silent',
  absWorkingDir: root,
});
const code = r.outputFiles[0].contents;
const kb = (n) => (n / 1024).toFixed(1);
console.log(`mvsim/engine browser bundle: ${kb(code.length)} KB minified, ${kb(gzipSync(code).length)} KB gzipped`);
