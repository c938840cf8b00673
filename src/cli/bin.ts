#!/usr/bin/env node
import { createInterface } from 'node:readline';
import { runCli } from './main.js';

// The only place that touches the process: real streams in, exit status out.
// A reader that stops early (`mvsim export … | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
  environment: process.env,
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
}).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`mvsim: internal error (please report): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
