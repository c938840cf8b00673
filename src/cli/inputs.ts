import { relative, resolve } from 'node:path';
import { parseCalibration, type Calibration } from '../calibration/load.js';
import { shareProblems, withOverrides } from '../model/params.js';
import type { Issue } from '../input/issues.js';
import { issueIn, parseYaml } from '../input/yamlSource.js';
import { readText, resolveBeside, sha256 } from '../io/files.js';
import { DEFAULT_CALIBRATION, ENGINE_VERSION } from '../io/package.js';
import type { Provenance } from '../runner/runScenario.js';
import { canonicalJson } from '../results/runResult.js';
import { loadScenario } from '../scenario/load.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { CliIo } from './io.js';
import { UsageError } from './io.js';
import { formatIssues } from './present.js';

/** Reads files for the loaders and remembers their text so issues can quote the offending line. */
export class SourceReader {
  readonly texts = new Map<string, string>();
  constructor(private readonly io: CliIo) {}
  readonly read = (file: string, maxBytes?: number, expected?: string): ReturnType<typeof readText> => {
    const r = readText(file, maxBytes, expected);
    if (r.ok) this.texts.set(file, r.text);
    return r;
  };
  readonly rel = (file: string): string => relative(this.io.cwd, file) || file;
  /** Throws a UsageError that lists every issue. */
  fail(issues: readonly Issue[]): never {
    throw new UsageError(formatIssues(issues, this.texts, this.rel).trimEnd());
  }
  warn(issues: readonly Issue[]): void {
    if (issues.length) this.io.stderr(formatIssues(issues, this.texts, this.rel));
  }
}

export interface LoadedInputs {
  readonly scenario: ResolvedScenario;
  readonly calibration: Calibration;
  readonly provenance: Provenance;
}

/** Loads and checks the calibration file (the shipped one unless a path is given). */
export function loadCalibration(io: CliIo, path: string | undefined): { calibration: Calibration; sha256: string } {
  const reader: SourceReader = new SourceReader(io);
  const file = path ? resolve(io.cwd, path) : DEFAULT_CALIBRATION;
  const got = reader.read(file);
  if (!got.ok) reader.fail([got.issue]);
  const parsed = parseCalibration(file, got.text);
  if (!parsed.ok) reader.fail(parsed.issues);
  return { calibration: parsed.calibration, sha256: sha256(got.text) };
}

/** Loads one scenario with its ancestors and checks it against the calibration; every problem is returned. */
export function checkScenario(reader: SourceReader, file: string, calibration: Calibration): { scenario?: ResolvedScenario; issues: readonly Issue[] } {
  const loaded = loadScenario(file, reader.read, resolveBeside);
  if (!loaded.ok) return { issues: loaded.issues };
  const shares = shareProblems(withOverrides(calibration.params, loaded.scenario.parameters)).map((p) => overrideIssue(reader, file, p.ids, `With this scenario's overrides, ${p.message}`));
  return shares.length ? { issues: [...loaded.warnings, ...shares] } : { scenario: loaded.scenario, issues: loaded.warnings };
}

/**
 * An issue located at the override that caused it: the first of `ids` set under
 * `parameters` in the scenario or, failing that, in the nearest parent that sets one.
 */
function overrideIssue(reader: SourceReader, file: string, ids: readonly string[], message: string): Issue {
  for (const [path, text] of reader.texts) {
    const parsed = parseYaml(path, text);
    if (!parsed.ok) continue;
    const overrides = parsed.source.value['parameters'];
    const id = ids.find((i) => overrides !== null && typeof overrides === 'object' && i in overrides);
    if (id) return issueIn(parsed.source, 'OUT_OF_RANGE', ['parameters', id], message, { key: true });
  }
  return { code: 'OUT_OF_RANGE', severity: 'error', file, line: 1, column: 1, path: ['parameters'], message };
}

/** Loads the calibration and a scenario; `reader` keeps the scenario files' texts for locating later problems. */
export function loadInputs(io: CliIo, scenarioPath: string, calibrationPath: string | undefined, reader: SourceReader = new SourceReader(io)): LoadedInputs {
  const { calibration, sha256: calibrationSha256 } = loadCalibration(io, calibrationPath);
  const { scenario, issues } = checkScenario(reader, resolve(io.cwd, scenarioPath), calibration);
  if (!scenario) reader.fail(issues);
  reader.warn(issues);
  return {
    scenario,
    calibration,
    provenance: { engineVersion: ENGINE_VERSION, scenarioSha256: sha256(canonicalJson(scenario)), calibrationSha256 },
  };
}
