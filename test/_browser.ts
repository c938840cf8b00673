import { isBuiltin } from 'node:module';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { BROWSER_BUILD, ENGINE_ENTRY } from '../scripts/browserBuild.mjs';

/** A bundle's code and esbuild's record of what went into it. */
export interface Bundle {
  readonly code: string;
  readonly metafile: Metafile;
}

/** Bundles an entry module (by default `mvsim/engine`) for the browser; rejects with esbuild's errors when it cannot. */
export async function bundleForBrowser(entry: BuildOptions = { entryPoints: [ENGINE_ENTRY] }): Promise<Bundle> {
  const r = await build({ ...BROWSER_BUILD, ...entry });
  const out = r.outputFiles?.[0];
  if (!out || !r.metafile) throw new Error('esbuild wrote no bundle');
  return { code: out.text, metafile: r.metafile };
}

/** One import in a bundle that is not plain browser code, and what esbuild made of it. */
export interface NodeSpecificImport {
  /** The importing file, relative to the repository root. */
  readonly importer: string;
  /** The specifier as written in the importing file. */
  readonly specifier: string;
  /** What esbuild resolved it to: a file, `(disabled):…` for a browser field's `false`, or the specifier itself when external. */
  readonly resolved: string;
  readonly problem: 'node built-in' | 'disabled by a browser field' | 'external';
}

/**
 * Every import a bundle's metafile shows that is Node's or is not in the bundle: a
 * Node built-in however it was resolved (a package's `browser` field mapping it to
 * `false`, which makes it vanish without an error, or to a polyfill; a package that
 * shares its name; an external), any other module a browser field disabled, and
 * anything left external.
 */
export function nodeSpecific(metafile: Metafile): NodeSpecificImport[] {
  const found: NodeSpecificImport[] = [];
  for (const [importer, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports) {
      const specifier = imp.original ?? imp.path;
      const problem = isBuiltin(specifier) ? 'node built-in' : imp.path.startsWith('(disabled):') ? 'disabled by a browser field' : imp.external ? 'external' : undefined;
      if (problem) found.push({ importer, specifier, resolved: imp.path, problem });
    }
  }
  return found;
}

/** Debian's Chromium, which .ci/run installs; Playwright's own browser download is never used. */
export const CHROMIUM = '/usr/bin/chromium';
/** The launch options of the report test's browser. */
export const CHROMIUM_ARGS: readonly string[] = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The address of the empty document the page starts from. Web Crypto's `subtle`,
 * which `prepare` uses, exists only in a secure context, and a page that Playwright
 * sets up from about:blank is not one; an https origin is. The test answers this one
 * address itself (`.invalid` never resolves, RFC 2606) before any recording starts.
 */
export const SHELL = 'https://mvsim.invalid/';

/** A page with every network request refused, and what it tried to fetch and reported as errors. */
export interface OfflinePage {
  readonly page: Page;
  readonly requests: string[];
  readonly errors: string[];
}

/** Opens a page at {@link SHELL} whose every later request is aborted and recorded, as are its console errors and uncaught errors. */
export async function offlinePage(browser: Browser): Promise<OfflinePage> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', (route) => route.abort());
  // Registered last, so it is tried first; removed once the shell has loaded.
  await page.route(SHELL, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>mvsim</title>' }));
  await page.goto(SHELL);
  await page.unroute(SHELL);
  page.on('request', (r) => void requests.push(r.url()));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => void errors.push(e.message));
  return { page, requests, errors };
}

/**
 * Puts the engine bundle into the page inline, in a `<script type="module">` that
 * imports it as a module (from a Blob: no request), resolves a shipped scenario,
 * prepares it, runs one seed and keeps `runFileContent`'s text; returns that text.
 */
export async function runInPage(page: Page, bundle: Bundle, file: string, seed: number): Promise<string> {
  // One JS string literal; every `<` escaped so no `</script>` or `<!--` in the code can end the element.
  const code = JSON.stringify(bundle.code).replace(/</g, '\\u003c');
  await page.setContent(`<!doctype html><meta charset="utf-8"><title>mvsim</title>
<script type="module">
try {
  const engine = await import(URL.createObjectURL(new Blob([${code}], { type: 'text/javascript' })));
  const s = engine.shippedScenario(${JSON.stringify(file)});
  if (!s.ok) throw new Error(s.issues.map((i) => i.message).join('; '));
  const r = engine.run({ ...(await engine.prepare(s.scenario)), seed: ${seed} });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  window.__mvsim = { ok: true, text: engine.runFileContent(r.result) };
} catch (e) {
  window.__mvsim = { ok: false, text: String(e && e.stack || e) };
}
</script>`);
  await page.waitForFunction('window.__mvsim !== undefined', undefined, { timeout: 30_000 });
  const out = (await page.evaluate('window.__mvsim')) as { ok: boolean; text: string };
  if (!out.ok) throw new Error(`${file} seed ${seed} failed in the browser: ${out.text}`);
  return out.text;
}
