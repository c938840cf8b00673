import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { Env, FileSystem, WorkerPool } from '../app/env.js';
import { runOrdered } from '../parallel/orderedPool.js';
import '../io/mathjs.js';
import type { TaskJob, TaskResult, WorkerData } from '../runner/tasks.js';
import { DestinationExists, readText, sha256, unwritableReason, WriteFailed, writeAtomic } from '../io/files.js';
import { CHECKED_CALIBRATION, DEFAULT_CALIBRATION, PACKAGE_ROOT } from '../io/package.js';
import type { Calibration } from '../calibration/load.js';

/** The compiled worker script; tests run it from dist/ too, which `npm test` builds first. */
export const WORKER_SCRIPT = join(PACKAGE_ROOT, 'dist', 'parallel', 'worker.js');

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The file system under a working folder. Every text read successfully is also put in
 * `texts` when given, so the presenter can quote the line a problem is on.
 */
export function nodeFileSystem(cwd: string, texts?: Map<string, string>): FileSystem {
  return {
    resolve: (base, path) => resolve(cwd, base, path),
    shown: (path) => relative(cwd, path) || path,
    dirname,
    read(file, maxBytes, expected) {
      const got = readText(file, maxBytes, expected);
      if (got.ok) texts?.set(file, got.text);
      return got;
    },
    jsonFiles: (path) =>
      isFolder(path)
        ? readdirSync(path)
            .filter((f) => f.endsWith('.json'))
            .sort()
            .map((f) => join(path, f))
        : undefined,
    exists: (path) => statSync(path, { throwIfNoEntry: false }) !== undefined,
    unwritable: (path) => unwritableReason(path),
    remove(path) {
      try {
        unlinkSync(path);
      } catch {
        // already gone, or not ours to remove: the command fails either way
      }
    },
    write(path, content, force) {
      try {
        writeAtomic(path, content, force);
        return { ok: true };
      } catch (e) {
        if (e instanceof DestinationExists) {
          return { ok: false, issues: [{ code: 'DESTINATION_EXISTS', severity: 'error', path: [], message: `${relative(cwd, path) || path} already exists; pass --force to overwrite it, or choose another --out` }] };
        }
        if (e instanceof WriteFailed) return { ok: false, issues: [{ code: 'WRITE_FAILED', severity: 'error', path: [], message: `Cannot write ${relative(cwd, path) || path}: ${e.reason}; nothing was written` }] };
        throw e;
      }
    },
  };
}

/** Worker threads running dist/parallel/worker.js; results come back in job order. */
export const nodeWorkerPool: WorkerPool = {
  defaultWorkers: availableParallelism(),
  async run(r) {
    try {
      await runOrdered<TaskJob<typeof r.task>, TaskResult<typeof r.task>>({
        script: WORKER_SCRIPT,
        workers: r.workers,
        workerData: { task: r.task, setup: r.setup } satisfies WorkerData<typeof r.task>,
        jobs: r.jobs,
        onResult: r.onResult,
        onCrash: r.onCrash,
      });
      return { ok: true };
    } catch (e) {
      return { ok: false, issues: [{ code: 'RUN_FAILED', severity: 'error', path: [], message: e instanceof Error ? e.message : String(e) }] };
    }
  },
};

/**
 * The calibration the build checked, if `sha256` is its text's: read from
 * dist/calibration/checked.json when first asked. Anything amiss (no file, not JSON,
 * another hash) means the text is parsed as usual.
 */
function checkedCalibration(sha256: string): Calibration | undefined {
  try {
    const checked = JSON.parse(readFileSync(CHECKED_CALIBRATION, 'utf8')) as { sha256?: unknown; calibration?: Calibration };
    return checked.sha256 === sha256 ? checked.calibration : undefined;
  } catch {
    return undefined;
  }
}

/** The use cases' surroundings on Node, under a working folder. */
export function nodeEnv(cwd: string, texts?: Map<string, string>): Env {
  return { files: nodeFileSystem(cwd, texts), pool: nodeWorkerPool, sha256, defaultCalibration: DEFAULT_CALIBRATION, checkedCalibration };
}
