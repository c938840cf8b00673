import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArchitecture, CORE, EDGE, extractImports, formatCycle, formatReport } from './_imports.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Every .ts file under src/, keyed by its path from the repository root with forward slashes, in sorted order. */
function readSources(): Record<string, string> {
  const files: Record<string, string> = {};
  const names = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .map((n) => n.split('\\').join('/'))
    .filter((n) => n.endsWith('.ts'))
    .sort();
  for (const n of names) files[`src/${n}`] = readFileSync(join(ROOT, 'src', n), 'utf8');
  return files;
}

describe('architecture: the real tree', () => {
  const report = checkArchitecture(readSources());

  it('reads the tree (a guard that sees nothing passes nothing)', () => {
    expect(report.files).toBeGreaterThan(50);
    expect(report.imports).toBeGreaterThan(200);
  });

  it('no core file imports the edge (node built-ins, cli, io, parallel, bench)', () => {
    expect(report.forbidden).toEqual([]);
  });

  it('no core file imports types from the edge either', () => {
    expect(report.forbiddenTypeOnly).toEqual([]);
  });

  it('no cycles between folders', () => {
    expect(report.cycles.map(formatCycle)).toEqual([]);
  });

  it('every file is in a classified folder and every import can be placed', () => {
    expect(report.unchecked).toEqual([]);
  });
});

describe('architecture: the checker itself', () => {
  it('fails on a folder cycle and a core import of node:fs, and says where', () => {
    const r = checkArchitecture({
      'src/model/a.ts': "import { b } from '../engine/b.js';\nexport const a = 1;",
      'src/engine/b.ts': "import { a } from '../model/a.js';\nexport const b = a;",
      'src/engine/c.ts': "import { readFileSync } from 'node:fs';\nexport const c = readFileSync;",
    });
    expect(r.forbidden).toEqual(['src/engine/c.ts imports node:fs (edge) from the core']);
    expect(r.forbiddenTypeOnly).toEqual([]);
    expect(r.unchecked).toEqual([]);
    expect(r.cycles.map(formatCycle)).toEqual([
      'engine -> model -> engine\n' +
        '  engine -> model: src/engine/b.ts imports ../model/a.js\n' +
        '  model -> engine: src/model/a.ts imports ../engine/b.js',
    ]);
    expect(formatReport(r)).toBe(
      [
        'Core files importing the edge (1):',
        'src/engine/c.ts imports node:fs (edge) from the core',
        '',
        'Folder cycles (1):',
        'engine -> model -> engine',
        '  engine -> model: src/engine/b.ts imports ../model/a.js',
        '  model -> engine: src/model/a.ts imports ../engine/b.js',
      ].join('\n'),
    );
  });

  it('passes a clean tree: the edge may import the core and Node; packages are allowed everywhere', () => {
    const r = checkArchitecture({
      'src/model/a.ts': "import { z } from 'zod';\nexport const a = z;",
      'src/engine/b.ts': "import { a } from '../model/a.js';\nexport const b = a;",
      'src/io/files.ts': "import { readFileSync } from 'node:fs';\nimport { b } from '../engine/b.js';\nexport const f = [readFileSync, b];",
      'src/cli/main.ts': "import { f } from '../io/files.js';\nimport os from 'os';\nexport const m = [f, os];",
    });
    expect(formatReport(r)).toBe('');
    expect(r.imports).toBe(6);
  });

  it('is not fooled by comments or strings, and finds dynamic, re-exported and type-only imports', () => {
    const text = [
      "// import { x } from 'node:fs';",
      "/* export * from '../cli/main.js' */",
      "const s = \"import('node:os')\";",
      "import type { Worker } from 'node:worker_threads';",
      "import { type Stats, type Dirent } from 'fs';",
      "import { type A, b } from '../io/files.js';",
      "export * from '../parallel/tasks.js';",
      "export type { C } from '../bench/bench.js';",
      "type P = import('node:path').ParsedPath;",
      'const load = () => import(`node:crypto`);',
      "import 'node:process';",
    ].join('\n');
    expect(extractImports('src/model/x.ts', text).imports.map((i) => [i.specifier, i.typeOnly, i.dynamic])).toEqual([
      ['node:worker_threads', true, false],
      ['fs', true, false],
      ['../io/files.js', false, false],
      ['../parallel/tasks.js', false, false],
      ['../bench/bench.js', true, false],
      ['node:path', true, false],
      ['node:crypto', false, true],
      ['node:process', false, false],
    ]);
    const r = checkArchitecture({ 'src/model/x.ts': text });
    expect(r.forbidden).toEqual([
      'src/model/x.ts imports ../io/files.js (edge) from the core',
      'src/model/x.ts imports ../parallel/tasks.js (edge) from the core',
      'src/model/x.ts imports node:crypto (edge) from the core',
      'src/model/x.ts imports node:process (edge) from the core',
    ]);
    expect(r.forbiddenTypeOnly).toEqual([
      'src/model/x.ts imports ../bench/bench.js (edge, type-only) from the core',
      'src/model/x.ts imports fs (edge, type-only) from the core',
      'src/model/x.ts imports node:path (edge, type-only) from the core',
      'src/model/x.ts imports node:worker_threads (edge, type-only) from the core',
    ]);
  });

  it('counts type-only imports in the folder graph, prefers a runtime import as the example, and finds longer loops', () => {
    const r = checkArchitecture({
      'src/results/r.ts': "import type { S } from '../scenario/s.js';\nexport type R = S;",
      'src/scenario/s.ts': "import type { R } from '../runner/x.js';\nimport { y } from '../runner/y.js';\nexport type S = R | typeof y;",
      'src/runner/x.ts': "import type { R } from '../results/r.js';\nexport type X = R;",
      'src/runner/y.ts': 'export const y = 1;',
    });
    expect(r.cycles.map(formatCycle)).toEqual([
      'results -> scenario -> runner -> results\n' +
        '  results -> scenario: src/results/r.ts imports ../scenario/s.js (type-only)\n' +
        '  scenario -> runner: src/scenario/s.ts imports ../runner/y.js (+1 more)\n' +
        '  runner -> results: src/runner/x.ts imports ../results/r.js (type-only)',
    ]);
  });

  it('reports what it cannot check instead of passing it silently', () => {
    const r = checkArchitecture({
      'src/index.ts': "export const v = 1;",
      'src/gui/w.ts': "export const w = 1;",
      'src/model/m.ts': "const name = 'node:fs';\nexport const m = () => import(name);\nimport { p } from '#private';\nimport pkg from '../../package.json';",
    });
    expect(r.unchecked).toEqual([
      'src/gui/w.ts is in folder gui, which is neither core nor edge: add it to CORE or EDGE in test/_imports.ts',
      'src/index.ts is directly in src/, outside every folder: move it into a core or edge folder',
      'src/model/m.ts:2 has an import the checker cannot read: import(name)',
      'src/model/m.ts:3 imports #private, which the checker cannot place',
      'src/model/m.ts:4 imports ../../package.json, which is outside src/ (package.json)',
    ]);
  });

  it('core and edge are disjoint', () => {
    expect(CORE.filter((f) => EDGE.includes(f))).toEqual([]);
  });
});
