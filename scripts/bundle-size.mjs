// Prints the size of `mvsim/engine` bundled for the browser: the bundle
// test/browser.test.ts runs in Chromium (scripts/browserBuild.mjs), gzipped at zlib's
// default level. Usage: node scripts/bundle-size.mjs
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BROWSER_BUILD, ENGINE_ENTRY } from './browserBuild.mjs';

const r = await build({ ...BROWSER_BUILD, entryPoints: [ENGINE_ENTRY] });
const code = r.outputFiles[0].contents;
const kb = (n) => (n / 1024).toFixed(1);
console.log(`mvsim/engine browser bundle: ${kb(code.length)} KB minified, ${kb(gzipSync(code).length)} KB gzipped`);
