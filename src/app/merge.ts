import { messageOf, type Issue, type Outcome } from '../input/issues.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { streamFor } from '../model/rng.js';
import { ENGINE_VERSION } from '../results/engineVersion.js';
import { decodeJobValue, parsePartial, type PartialDocument } from '../results/partialDocument.js';
import { runEnsemble, type EnsembleArgs } from './ensemble.js';
import { withReads, type Env, type OnProgress } from './env.js';
import { runRobustness, type RobustnessArgs } from './robustness.js';
import { runSensitivity, type SensitivityArgs } from './sensitivity.js';
import type { Replay } from './shard.js';
import { MAX_RESULT_BYTES } from './states.js';
import { runSweep, type SweepArgs } from './sweep.js';

export interface MergeArgs {
  /** Partial files, or folders of them (every `*.part-I-of-N.json` inside). */
  readonly partials: readonly string[];
  /** Where to write (default: the file the sharded command names, its own default or its --out). */
  readonly out?: string | undefined;
  readonly force: boolean;
  readonly workers?: number | undefined;
  /** Jobs to run again here and check against the partials before anything is written. */
  readonly verify: number;
  /** Which jobs `verify` picks (a seeded draw). */
  readonly verifySeed: number;
}

export interface MergeDone {
  readonly written: string;
  readonly command: PartialDocument['command'];
  readonly shards: number;
  readonly jobs: number;
  /** The jobs run again here, all equal to the partials'. */
  readonly verified: readonly number[];
  readonly warnings: readonly Issue[];
}

/** A partial file's name as written by a shard. */
const PARTIAL_NAME = /\.part-\d+-of-\d+\.json$/;

/** A partial file's header: everything but its results, which are read again when they are folded. */
type Header = Omit<PartialDocument, 'results'>;

/** The fields a refusal can point at. */
const LOCATED_FIELDS = ['engine', 'command', 'args', 'inputs', 'shard'] as const;

interface Loaded {
  readonly file: string;
  readonly doc: Header;
  /** SHA-256 of the file as it was checked: its results are folded only if it still has this text. */
  readonly sha256: string;
  /** Where each refusable field starts in the file (column of line 1; partials are one line). */
  readonly at: Readonly<Record<(typeof LOCATED_FIELDS)[number], number>>;
}

const locatedAt = (p: Loaded, field: (typeof LOCATED_FIELDS)[number], code: Issue['code'], message: string): Issue => {
  const at = p.at[field];
  return { code, severity: 'error', file: p.file, line: 1, column: at < 0 ? 1 : at + 1, path: [field], message };
};

/** Reads and checks one partial file. */
function readPartial(env: Env, file: string): Outcome<{ doc: PartialDocument; text: string }> {
  const got = env.files.read(file, MAX_RESULT_BYTES, 'a JSON partial file');
  if (!got.ok) return got;
  const parsed = parsePartial(file, got.text);
  return parsed.ok ? { ok: true, doc: parsed.doc, text: got.text } : parsed;
}

/** What two partials of one command must share, field by field: the first that differs, or undefined. */
function differs(a: Header, b: Header): { field: (typeof LOCATED_FIELDS)[number]; what: string } | undefined {
  if (a.engine.version !== b.engine.version) return { field: 'engine', what: `made by mvsim ${b.engine.version}, not ${a.engine.version}` };
  if (a.command !== b.command) return { field: 'command', what: `a shard of "${b.command}", not of "${a.command}"` };
  if (canonicalJson(a.args) !== canonicalJson(b.args)) {
    const keys = [...new Set([...Object.keys(a.args), ...Object.keys(b.args)])].sort();
    const k = keys.find((key) => canonicalJson(a.args[key] ?? null) !== canonicalJson(b.args[key] ?? null));
    return { field: 'args', what: `run with other arguments (${k ?? 'args'})` };
  }
  const sums = (d: Header): string => canonicalJson(Object.fromEntries(Object.entries(d.inputs).map(([path, i]) => [path, i.sha256])));
  if (sums(a) !== sums(b)) return { field: 'inputs', what: 'run on other input files (scenario or calibration: their paths or SHA-256 differ)' };
  if (a.shard.count !== b.shard.count || a.jobs.total !== b.jobs.total) return { field: 'shard', what: `one of ${b.shard.count} shards over ${b.jobs.total} jobs, not of ${a.shard.count} over ${a.jobs.total}` };
  return undefined;
}

/** The command line that re-runs shard `index`: the recorded one with that shard (its --out names the whole file; the shard derives its partial's name). */
function rerunLine(p: Header, index: number): string {
  const argv = p.commandLine;
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--shard') i++;
    else if (!a.startsWith('--shard=')) kept.push(a);
  }
  const quote = (s: string): string => (/^[\w./:=@,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `(cd ${quote(p.cwd)} && ${[...kept, '--shard', `${index}/${p.shard.count}`].map(quote).join(' ')})`;
}

/**
 * `merge`: folds the partial files of a sharded command, in global job order, into the
 * file the command would have written on one machine — byte for byte, whatever the
 * number of shards and the order the files are given in. The partials must be one
 * command's, on the same inputs and engine, with every shard present once; a missing
 * shard is named with the command that makes it. The command's own inputs are read
 * from the partials, so the merge runs anywhere. With `verify`, that many jobs (a
 * seeded draw) run again here first and must equal the partials' results bit for bit.
 */
export async function mergePartials(env: Env, args: MergeArgs, onProgress?: OnProgress): Promise<Outcome<MergeDone>> {
  const files: string[] = [];
  for (const given of args.partials) {
    const inside = env.files.jsonFiles(env.files.resolve('.', given));
    if (inside === undefined) files.push(env.files.resolve('.', given));
    else {
      const parts = inside.filter((f) => PARTIAL_NAME.test(f));
      if (!parts.length) return { ok: false, issues: [{ code: 'NOT_A_PARTIAL', severity: 'error', path: [], message: `${given} holds no partial files (*.part-I-of-N.json, written by a command run with --shard)` }] };
      files.push(...parts);
    }
  }
  // Each file is read and checked here, and only its header kept: the results are read again, one
  // shard at a time, as they are folded, so a merge holds one partial's results at a time, not all.
  const loaded: Loaded[] = [];
  const issues: Issue[] = [];
  for (const file of [...new Set(files)]) {
    const got = readPartial(env, file);
    if (!got.ok) {
      issues.push(...got.issues);
      continue;
    }
    const { results: _results, ...doc } = got.doc;
    const at = Object.fromEntries(LOCATED_FIELDS.map((field) => [field, got.text.indexOf(`"${field}":`)])) as Loaded['at'];
    loaded.push({ file, doc, at, sha256: env.sha256(got.text) });
  }
  if (issues.length) return { ok: false, issues };
  if (!loaded.length) return { ok: false, issues: [{ code: 'NOT_A_PARTIAL', severity: 'error', path: [], message: 'Give the partial files to merge, or a folder of them' }] };

  const first = loaded[0]!;
  if (first.doc.engine.version !== ENGINE_VERSION) issues.push(locatedAt(first, 'engine', 'NOT_A_PARTIAL', `Made by mvsim ${first.doc.engine.version}; this is mvsim ${ENGINE_VERSION}, whose merge could give other bytes. Merge with the version that ran the shards`));
  for (const p of loaded.slice(1)) {
    const d = differs(first.doc, p.doc);
    if (d) issues.push(locatedAt(p, d.field, 'NOT_A_PARTIAL', `Not a shard of the same command as ${env.files.shown(first.file)}: ${d.what}`));
  }
  if (issues.length) return { ok: false, issues };

  // every shard once
  const count = first.doc.shard.count;
  const byIndex = new Map<number, Loaded[]>();
  for (const p of loaded) byIndex.set(p.doc.shard.index, [...(byIndex.get(p.doc.shard.index) ?? []), p]);
  for (const [index, ps] of [...byIndex].sort(([a], [b]) => a - b)) {
    if (ps.length > 1) issues.push({ code: 'SHARDS_INCOMPLETE', severity: 'error', path: ['shard'], message: `Shard ${index} of ${count} is given ${ps.length} times: ${ps.map((p) => env.files.shown(p.file)).join(', ')}; give each shard once` });
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    issues.push({ code: 'SHARDS_INCOMPLETE', severity: 'error', path: ['shard'], message: `Missing ${missing.length} of ${count} shards (${missing.join(', ')}); run ${missing.length === 1 ? 'it' : 'each'} as below, then merge again` });
    for (const i of missing) issues.push({ code: 'SHARDS_INCOMPLETE', severity: 'error', path: ['shard'], message: `shard ${i} of ${count}: ${rerunLine(first.doc, i)}` });
  }
  if (issues.length) return { ok: false, issues };

  // the results, by global job index, decoded as they are folded
  const shards = [...byIndex.values()].map((ps) => ps[0]!).sort((a, b) => a.doc.shard.index - b.doc.shard.index);
  const total = first.doc.jobs.total;
  // the shard holding a job: the last whose block starts at or before it (blocks are contiguous, in shard order)
  const ownerOf = (index: number): Loaded => {
    let lo = 0;
    let hi = shards.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (shards[mid]!.doc.jobs.first <= index) lo = mid;
      else hi = mid - 1;
    }
    return shards[lo]!;
  };
  const verify = verifiedJobs(total, args.verify, args.verifySeed);
  // the results of the shard last read; jobs are folded in order, so each shard is read once more (and once per verified job outside it)
  let current: { shard: Loaded; results: PartialDocument['results'] } | undefined;
  const replay: Replay = {
    total,
    result: (index) => {
      const shard = ownerOf(index);
      if (current?.shard !== shard) {
        current = undefined; // the previous shard's results can go before the next are read
        const again = env.files.read(shard.file, MAX_RESULT_BYTES, 'a JSON partial file');
        // unreadable or changed since it was checked (rewritten by a shard still running, or by another process): a fault, not a mistake in the input
        const why = !again.ok ? `could no longer be read (${messageOf(again.issues)})` : env.sha256(again.text) !== shard.sha256 ? 'changed' : undefined;
        const parsed = again.ok && why === undefined ? parsePartial(shard.file, again.text) : undefined;
        if (!parsed?.ok) {
          return { ok: false, issues: [{ code: 'RUN_FAILED', severity: 'error', path: [], message: `${env.files.shown(shard.file)} ${why ?? 'changed'} while it was being merged; nothing was written. Merge again once no shard is writing it` }] };
        }
        current = { shard, results: parsed.doc.results };
      }
      return { ok: true, value: decodeJobValue(current.results[index - shard.doc.jobs.first]) };
    },
    verify,
  };
  const inputs = new Map(Object.entries(first.doc.inputs).map(([path, i]) => [path, i.text]));
  const fromPartials = withReads(env, (file, _maxBytes, expected) =>
    inputs.has(file) ? { ok: true, text: inputs.get(file)! } : { ok: false, issues: [{ code: 'NOT_A_PARTIAL', severity: 'error', path: [], message: `The command reads ${file}, which the partials do not hold (${expected})` }] },
  );
  // where the whole command would have written, unless told otherwise
  const common = { out: args.out ?? env.files.shown(first.doc.output), force: args.force, workers: args.workers };
  const a = first.doc.args;
  const done =
    first.doc.command === 'run'
      ? await runEnsemble(fromPartials, { ...(a as unknown as EnsembleArgs), ...common }, onProgress, replay)
      : first.doc.command === 'sweep'
        ? await runSweep(fromPartials, { ...(a as unknown as SweepArgs), ...common }, onProgress, replay)
        : first.doc.command === 'sensitivity'
          ? await runSensitivity(fromPartials, { ...(a as unknown as SensitivityArgs), ...common }, onProgress, replay)
          : await runRobustness(fromPartials, { ...(a as unknown as RobustnessArgs), ...common }, onProgress, replay);
  if (!done.ok) return done;
  if ('partial' in done) throw new Error('a merge wrote a partial file'); // cannot happen: the recorded arguments hold no shard
  return { ok: true, written: done.written, command: first.doc.command, shards: count, jobs: total, verified: verify, warnings: done.warnings };
}

/** `k` distinct jobs of `total`, ascending: a seeded partial shuffle, the same for the same seed. */
export function verifiedJobs(total: number, k: number, seed: number): number[] {
  const n = Math.min(Math.max(0, k), total);
  const rng = streamFor(`merge/verify/${seed}`);
  const index = Array.from({ length: total }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (total - i));
    [index[i], index[j]] = [index[j]!, index[i]!];
  }
  return index.slice(0, n).sort((x, y) => x - y);
}
