// Regenerates test/golden/: one result per shipped scenario at seed 1, through the real CLI.
// Review the change with `git diff test/golden` before committing it.
import { readdirSync } from 'node:fs';
import { runCli } from '../dist/cli/main.js';

const io = { stdout: () => {}, stderr: (t) => process.stderr.write(t), cwd: process.cwd(), isTTY: false };
for (const f of readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort()) {
  const out = `test/golden/${f.replace(/\.yaml$/, '')}.seed1.json`;
  const code = await runCli(['run', `scenarios/${f}`, '--seed', '1', '--out', out, '--force'], io);
  if (code !== 0) process.exit(code);
  console.log(out);
}
