import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser, CHROMIUM, CHROMIUM_ARGS, nodeSpecific, offlinePage, runInPage, type Bundle, type NodeSpecificImport } from './_browser.js';
import { cli, ROOT, tempDir } from './_helpers.js';

/**
 * Node built-ins the bundle may reach: none. (mathjs comes as its own one-file browser
 * bundle, src/model/mathjs.ts, whose copy of seedrandom needs nothing from Node.)
 */
const KNOWN: readonly NodeSpecificImport[] = [];

/** What `mvsim run <file> --seed <seed>` writes, run in-process. */
async function cliRun(file: string, seed: number): Promise<string> {
  const out = join(tempDir(), 'run.json');
  const r = await cli(['run', `scenarios/${file}`, '--seed', String(seed), '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return readFileSync(out, 'utf8');
}

describe('mvsim/engine bundled for the browser', () => {
  let bundle: Bundle;
  beforeAll(async () => {
    bundle = await bundleForBrowser();
  }, 30_000);

  it('bundles with no Node built-in, nothing stubbed out and nothing left external', () => {
    const inputs = Object.keys(bundle.metafile.inputs);
    // The check reads a real bundle: the engine, the scenario code and mathjs are in it.
    expect(inputs).toEqual(expect.arrayContaining(['src/api/engine.ts', 'src/scenario/expressions.ts', 'node_modules/mathjs/lib/browser/math.js']));
    expect(nodeSpecific(bundle.metafile)).toEqual(KNOWN);
    expect(inputs.filter((i) => !i.startsWith('src/') && !i.startsWith('node_modules/'))).toEqual([]);
  });

  it('refuses a module that imports a Node built-in', async () => {
    const entry = { stdin: { contents: "import { readFileSync } from 'node:fs';\nimport { Worker } from 'worker_threads';\nexport const uses = [readFileSync, Worker];", resolveDir: ROOT, sourcefile: 'uses-node.ts', loader: 'ts' as const } };
    const refused = await bundleForBrowser(entry).then(
      () => undefined,
      (e: { errors?: { text: string; location: { line: number } | null }[] }) => e.errors?.map((x) => `${x.location?.line}: ${x.text}`),
    );
    expect(refused).toEqual(['1: Could not resolve "node:fs"', '2: Could not resolve "worker_threads"']);
  });

  it('the built-in check sees a built-in however it got in, a disabled module and an external', () => {
    const input = (imports: Metafile['inputs'][string]['imports']) => ({ bytes: 1, imports });
    const metafile: Metafile = {
      outputs: {},
      inputs: {
        'node_modules/a/index.js': input([
          { path: 'node_modules/events/events.js', kind: 'require-call', original: 'events' },
          { path: '(disabled):node_modules/a/node-only.js', kind: 'import-statement', original: './node-only.js' },
          { path: 'node_modules/b/index.js', kind: 'import-statement', original: 'b' },
        ]),
        'src/x.ts': input([
          { path: 'node:os', kind: 'import-statement', external: true, original: 'node:os' },
          { path: 'https://cdn.invalid/c.js', kind: 'dynamic-import', external: true, original: 'https://cdn.invalid/c.js' },
        ]),
      },
    };
    expect(nodeSpecific(metafile).map((f) => `${f.importer}: ${f.specifier} (${f.problem})`)).toEqual([
      'node_modules/a/index.js: events (node built-in)',
      'node_modules/a/index.js: ./node-only.js (disabled by a browser field)',
      'src/x.ts: node:os (node built-in)',
      'src/x.ts: https://cdn.invalid/c.js (external)',
    ]);
  });

  describe('in headless Chromium with the network blocked', () => {
    const available = existsSync(CHROMIUM);
    if (!available && process.env['CI']) throw new Error(`${CHROMIUM} is missing; .ci/run installs Debian's chromium package`);
    let browser: Browser | undefined;
    beforeAll(async () => {
      if (!available) return;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    }, 60_000);
    afterAll(async () => browser?.close());

    it.skipIf(!available)('runs baseline-2022 at seed 1 (10,000 firms) to the bytes `mvsim run` writes, fetching nothing', async () => {
      const { page, requests, errors } = await offlinePage(browser!);
      const [inBrowser, fromCli] = await Promise.all([runInPage(page, bundle, 'baseline-2022.yaml', 1), cliRun('baseline-2022.yaml', 1)]);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      expect((JSON.parse(inBrowser) as { firms: number }).firms).toBe(10_000);
      expect(inBrowser).toBe(fromCli);
      await page.close();
    });

    it.skipIf(!available)('runs russian-coercion-north, whose trade squeeze fires on a `when:` condition (mathjs), to the bytes `mvsim run` writes', async () => {
      const { page, requests, errors } = await offlinePage(browser!);
      const [inBrowser, fromCli] = await Promise.all([runInPage(page, bundle, 'russian-coercion-north.yaml', 1), cliRun('russian-coercion-north.yaml', 1)]);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      const events = (JSON.parse(inBrowser) as { events: { detail: string; why: string }[] }).events;
      expect(events.filter((e) => e.detail.startsWith('trade-squeeze:')).map((e) => e.why)).toEqual(['condition held: kz.compliance >= 0.6 and month >= 7']);
      expect(inBrowser).toBe(fromCli);
      await page.close();
    });

    it.skipIf(!available)('the page really is offline: a fetch is refused, recorded and reported as a console error', async () => {
      const { page, requests, errors } = await offlinePage(browser!);
      expect(await page.evaluate("fetch('https://mvsim.invalid/data.json').then(() => 'fetched', () => 'refused')")).toBe('refused');
      expect(requests).toEqual(['https://mvsim.invalid/data.json']);
      expect(errors).toEqual(['Failed to load resource: net::ERR_FAILED']);
      await page.close();
    });
  });
});
