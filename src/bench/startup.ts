import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { minMedian } from './stats.js';

const mm = (xs: readonly number[]): string => minMedian(xs).map((v) => v.toFixed(0).padStart(5)).join(' /');

const ticksPerSecond = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system, ms) of this process's children that have been waited for,
 * from /proc/self/stat (cutime + cstime): Node reports no child usage of its own, and
 * spawnSync waits, so the difference around one spawnSync is that child's CPU, its
 * threads included. Undefined where there is no /proc.
 */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' '); // the name in (…) may hold spaces
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond; // fields 16 and 17 of proc(5)
  } catch {
    return undefined;
  }
}

interface Sampled {
  readonly wall: number[];
  readonly cpu: number[];
}

function node(cwd: string, args: readonly string[]): { wallMs: number; cpuMs: number | undefined; stdout: string } {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  const c1 = childrenCpuMs();
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return { wallMs, cpuMs: c0 === undefined || c1 === undefined ? undefined : c1 - c0, stdout: r.stdout };
}

/**
 * Start-up costs, for this build and, when given, another checkout of mvsim (built),
 * measured in interleaved rounds so that both see the same machine: a cold
 * `mvsim --version` and `mvsim run` of the baseline (wall and CPU; the CLI is one
 * bundled file), each heavy module imported alone, a worker's module graph, and one
 * worker thread from `new Worker()` to its ready message. Min / median of `reps` after one untimed warm-up each.
 */
export function benchStartup(say: (line: string) => void, dir: string, roots: readonly { label: string; root: string }[], reps = 9): void {
  const row = (label: string, figures: string): void => say(`   ${`${label}:`.padEnd(48)} ${figures}`);
  const cpuOf = (s: Sampled): string => (s.cpu.length ? `, CPU ${mm(s.cpu)} ms` : ', CPU n/a (no /proc)');

  /** Samples of each task, rounds interleaved across the tasks. */
  const interleaved = (tasks: readonly (() => { wallMs: number; cpuMs: number | undefined })[]): Sampled[] => {
    const out = tasks.map((): Sampled => ({ wall: [], cpu: [] }));
    tasks.forEach((t) => t()); // warm-up: the file cache, not the timing
    for (let k = 0; k < reps; k++) {
      tasks.forEach((t, i) => {
        const r = t();
        out[i]!.wall.push(r.wallMs);
        if (r.cpuMs !== undefined) out[i]!.cpu.push(r.cpuMs);
      });
    }
    return out;
  };

  let k = 0;
  const cold = interleaved([
    () => node(dir, ['--input-type=module', '-e', '']),
    ...roots.map(({ root }) => () => node(dir, [join(root, 'dist', 'cli', 'bin.js'), '--version'])),
    ...roots.map(({ root }) => () => node(dir, [join(root, 'dist', 'cli', 'bin.js'), 'run', join(root, 'scenarios', 'baseline-2022.yaml'), '--out', join(dir, `cold${k++}.json`)])),
  ]);
  row('node itself (empty script)', `wall ${mm(cold[0]!.wall)} ms${cpuOf(cold[0]!)}`);
  roots.forEach(({ label }, i) => row(`mvsim --version (the CLI loaded), ${label}`, `wall ${mm(cold[i + 1]!.wall)} ms${cpuOf(cold[i + 1]!)}`));
  roots.forEach(({ label }, i) => row(`mvsim run baseline-2022.yaml, ${label}`, `wall ${mm(cold[roots.length + i + 1]!.wall)} ms${cpuOf(cold[roots.length + i + 1]!)}`));

  say('   import alone in a fresh node (time of the import() / process CPU during it):');
  const imports: [string, string][] = [
    ['mathjs (its main entry)', 'mathjs'],
    ['mathjs/lib/browser/math.js (what mvsim loads)', 'mathjs/lib/browser/math.js'],
    ['vega', 'vega'],
    ['zod', 'zod'],
    ['yaml', 'yaml'],
  ];
  for (const { label, root } of roots) {
    // A worker's task table moved from parallel/ to runner/; measure whichever this checkout has.
    const tasks = ['runner', 'parallel'].map((f) => join(root, 'dist', f, 'tasks.js')).find(existsSync);
    if (tasks) imports.push([`a worker's modules, unbundled (dist/…/tasks.js), ${label}`, pathToFileURL(tasks).href]);
  }
  for (const [label, specifier] of imports) {
    const script = `const u = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(specifier)});
const ms = performance.now() - t; const c = process.cpuUsage(u); console.log(JSON.stringify([ms, (c.user + c.system) / 1000]));`;
    const args = ['--input-type=module', '-e', script];
    node(roots[0]!.root, args);
    const samples = Array.from({ length: reps }, () => JSON.parse(node(roots[0]!.root, args).stdout) as [number, number]);
    row(`  ${label}`, `     ${mm(samples.map((s) => s[0]))} ms, CPU ${mm(samples.map((s) => s[1]))} ms`);
  }

  // One worker thread of an ensemble, from new Worker() to its ready message, in a fresh process per checkout.
  // The setup is not read until a job arrives, so an empty one measures the start alone.
  for (const { label, root } of roots) {
    const script = `const { Worker } = await import('node:worker_threads');
const start = () => new Promise((done, fail) => {
  const u = process.cpuUsage();
  const t = performance.now();
  const w = new Worker(${JSON.stringify(join(root, 'dist', 'parallel', 'worker.js'))}, { workerData: { task: 'seed', setup: { setup: {}, keepRuns: false } } });
  w.once('error', fail);
  w.on('message', (m) => {
    if (m !== 'ready') return;
    const ms = performance.now() - t;
    const c = process.cpuUsage(u);
    void w.terminate().then(() => done([ms, (c.user + c.system) / 1000]));
  });
});
await start();
const starts = [];
for (let k = 0; k < ${reps}; k++) starts.push(await start());
console.log(JSON.stringify(starts));`;
    const file = join(dir, `worker-start-${label.replace(/\W+/g, '-')}.mjs`);
    writeFileSync(file, script);
    const starts = JSON.parse(node(dir, [file]).stdout) as [number, number][];
    row(`worker thread, new Worker() to ready, ${label}`, `wall ${mm(starts.map((s) => s[0]))} ms, CPU ${mm(starts.map((s) => s[1]))} ms`);
  }
}
