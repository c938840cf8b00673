// How a web app would bundle `mvsim/engine`: one minified ES module for the browser.
// Shared by scripts/bundle-size.mjs (which prints its size) and test/browser.test.ts
// (which runs it in Chromium), so the size printed is the size of what is tested.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The `mvsim/engine` entry module. */
export const ENGINE_ENTRY = `${root}src/api/engine.ts`;

/** esbuild's options for the browser bundle (the entry is given separately). */
export const BROWSER_BUILD = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  write: false,
  minify: true,
  metafile: true,
  logLevel: 'silent',
  absWorkingDir: root,
};
