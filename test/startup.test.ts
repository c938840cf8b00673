import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, SCENARIOS, tempDir } from './_helpers.js';

const run = promisify(execFile);

/** Whether a fresh Node process that runs `mvsim run <scenario>` (in-process CLI) ends up having loaded mathjs. */
async function loadsMathjs(scenario: string): Promise<{ code: number; mathjs: boolean }> {
  const dir = tempDir();
  const script = join(dir, 'probe.mjs');
  writeFileSync(
    script,
    `import { createRequire } from 'node:module';
const { runCli } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'main.js'))});
const io = { stdout: () => {}, stderr: (t) => process.stderr.write(t), cwd: ${JSON.stringify(dir)}, isTTY: false };
const code = await runCli(['run', ${JSON.stringify(join(SCENARIOS, scenario))}, '--firms', '300', '--out', 'out.json'], io);
// mathjs is CommonJS, required on first use: the module cache says whether it was.
const mathjs = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('mathjs'));
console.log(JSON.stringify({ code, mathjs }));`,
  );
  const { stdout } = await run(process.execPath, [script]);
  return JSON.parse(stdout) as { code: number; mathjs: boolean };
}

describe('start-up loads only what the work needs', () => {
  it('a scenario without conditions never loads mathjs; one with a `when:` condition does', async () => {
    const [plain, conditional] = await Promise.all([loadsMathjs('baseline-2022.yaml'), loadsMathjs('russian-coercion-north.yaml')]);
    expect(plain).toEqual({ code: 0, mathjs: false });
    expect(conditional).toEqual({ code: 0, mathjs: true });
  });
});
