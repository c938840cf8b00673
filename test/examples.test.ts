import { transform } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './_helpers.js';

// Every @example in the library's TSDoc is run as written: stripped of its types by
// esbuild and run by Node from inside the package (so `import … from 'mvsim'` and
// 'mvsim/engine' resolve through package.json's `exports`, as they do for a user), and
// what it prints must be what its `// prints:` lines say.

const SOURCES = ['src/api/engine.ts', 'src/api/library.ts', 'src/node/index.ts', 'src/engine/world.ts', 'src/engine/snapshot.ts'];

/** The functions a user starts from; each must appear in at least one tested example. */
const ENTRY_POINTS: Record<string, readonly string[]> = {
  'mvsim/engine': ['init', 'step', 'observe', 'snapshot', 'restore', 'finish', 'divergence', 'loadCalibration', 'resolveScenario', 'shippedScenario', 'prepare', 'run', 'worldSpecOf'],
  mvsim: ['nodeEnv', 'loadInputs', 'runOne', 'runEnsemble', 'continueEnsemble', 'compareResults', 'explainFile', 'runSweep', 'writeReport', 'validateScenarios'],
};

interface Example {
  readonly name: string;
  readonly code: string;
  readonly prints: readonly string[];
}

/** The ```ts blocks of every @example in a source file's doc comments. */
function examplesOf(file: string): Example[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: Example[] = [];
  for (const m of text.matchAll(/@example([^\n]*)\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```ts\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```/g)) {
    const code = m[3]!
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n');
    const prints = [...code.matchAll(/^\/\/ prints: (.*)$/gm)].map((p) => p[1]!);
    out.push({ name: `${file}: ${m[1]!.trim() || `example ${out.length + 1}`}`, code, prints });
  }
  return out;
}

const EXAMPLES = SOURCES.flatMap(examplesOf);
const DIR = join(ROOT, 'dist', 'examples');
const run = promisify(execFile);

describe('TSDoc examples run as written', () => {
  it('finds the examples, and each says what it prints', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(15);
    for (const e of EXAMPLES) expect(e.prints.length, e.name).toBeGreaterThan(0);
  });

  it('every entry point has an example that uses it', () => {
    for (const [module, names] of Object.entries(ENTRY_POINTS)) {
      const importing = EXAMPLES.filter((e) => new RegExp(`from '${module}'`).test(e.code));
      for (const name of names) expect(importing.some((e) => new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '${module}'`).test(e.code)), `${module} ${name}`).toBe(true);
    }
  });

  // All examples run in one Node process, one after another (so the modules load once):
  // each is imported in turn with console.log captured, and a thrown error is recorded.
  const outputs = (async (): Promise<Record<string, { lines: string[]; error?: string }>> => {
    mkdirSync(DIR, { recursive: true });
    const files = await Promise.all(
      EXAMPLES.map(async (e, i) => {
        const file = join(DIR, `example-${i}.mjs`);
        writeFileSync(file, (await transform(e.code, { loader: 'ts', format: 'esm', target: 'node20' })).code);
        return file;
      }),
    );
    const runner = join(DIR, 'run-all.mjs');
    writeFileSync(
      runner,
      `const files = ${JSON.stringify(files)};
const out = {};
const log = console.log;
for (const [i, f] of files.entries()) {
  const lines = [];
  console.log = (...a) => lines.push(a.join(' '));
  try { await import(f); out[i] = { lines }; } catch (e) { out[i] = { lines, error: String(e && e.stack || e) }; }
  console.log = log;
}
process.stdout.write(JSON.stringify(out));
`,
    );
    const { stdout } = await run(process.execPath, [runner], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as Record<string, { lines: string[]; error?: string }>;
  })();

  EXAMPLES.forEach((e, i) => {
    it(e.name, async () => {
      const got = (await outputs)[i]!;
      expect(got.error).toBeUndefined();
      expect(got.lines.join('\n').split('\n')).toEqual(e.prints);
    });
  });
});

describe('the package as a dependency', () => {
  /** A fresh project with mvsim installed from this folder (a link, as `npm install <path>` makes), strict TypeScript. */
  const consumer = (main: string): string => {
    const dir = tempDir();
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'mvsim'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true, types: [] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['main.ts'] }));
    writeFileSync(join(dir, 'main.ts'), main);
    return dir;
  };
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const USE = [
    "import { loadInputs, nodeEnv, run, runOne, SHIPPED_SCENARIOS_DIR, type RunResult } from 'mvsim';",
    "import { init, step, observe, snapshot, restore, shippedScenario, prepare, worldSpecOf, type World } from 'mvsim/engine';",
    'const loaded = loadInputs(nodeEnv(), `${SHIPPED_SCENARIOS_DIR}/baseline-2022.yaml`, undefined);',
    'const r = loaded.ok ? run({ ...loaded.inputs, seed: 1, firms: 200 }) : undefined;',
    'const result: RunResult | undefined = r?.ok ? r.result : undefined;',
    'const s = shippedScenario("baseline-2022.yaml");',
    'if (!s.ok) throw new Error(s.issues[0]?.message);',
    'const w = init(worldSpecOf({ ...(await prepare(s.scenario)), seed: 1, firms: 100 }));',
    'if (!w.ok) throw new Error("start");',
    'const world: World = w.world;',
    'step(world);',
    'const again = restore(snapshot(world));',
    'const done = runOne(nodeEnv(), { scenario: "missing.yaml", force: false });',
    'console.log(result?.months.length, again.scalars.step, observe(again).month, done.ok ? "" : done.issues[0]?.code);',
  ].join('\n');

  it('a strict TypeScript project type-checks against its declarations, and runs', async () => {
    const dir = consumer(USE);
    await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]);
    const js = (await transform(USE, { loader: 'ts', format: 'esm' })).code;
    writeFileSync(join(dir, 'main.mjs'), js);
    const { stdout } = await run(process.execPath, [join(dir, 'main.mjs')], { cwd: dir });
    expect(stdout.trim()).toBe('37 1 2022-04 FILE_NOT_FOUND');
  });
});
