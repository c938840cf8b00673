import { resolve } from 'node:path';
import type { Issue } from '../../input/issues.js';
import { checkScenario, loadCalibration, SourceReader } from '../inputs.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { formatIssues } from '../present.js';

/** `mvsim validate`: checks scenario files without running them; every problem in every file is reported. */
export function validateCommand(io: CliIo, files: readonly string[], calibration: string | undefined): number {
  const { calibration: cal } = loadCalibration(io, calibration);
  const reader: SourceReader = new SourceReader(io);
  const issues: Issue[] = [];
  const okFiles: string[] = [];
  for (const f of files) {
    const r = checkScenario(reader, resolve(io.cwd, f), cal);
    issues.push(...r.issues);
    if (r.scenario) okFiles.push(`ok ${f} (${r.scenario.name}: ${r.scenario.events.length} events, ${r.scenario.horizon} months from ${r.scenario.start})`);
  }
  if (okFiles.length) io.stdout(`${okFiles.join('\n')}\n`);
  if (issues.length) io.stderr(formatIssues(issues, reader.texts, reader.rel));
  return issues.some((i) => i.severity === 'error') ? EXIT_USAGE : EXIT_OK;
}
