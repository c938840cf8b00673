import type { Issue, Outcome } from '../input/issues.js';
import type { TaskJob, TaskName, TaskResult, TaskSetup } from '../runner/tasks.js';
import type { Calibration } from '../calibration/load.js';

/** A text file read, or why it could not be (not found, too large, binary). */
export type ReadOutcome = Outcome<{ text: string }>;

/** The file system as the use cases need it. The Node edge implements it (src/node/env.ts); tests may fake it. */
export interface FileSystem {
  /** Resolves `path` against `base` (both may be relative to the working folder). */
  resolve(base: string, path: string): string;
  /** `path` as the user sees it: relative to the working folder when inside it. */
  shown(path: string): string;
  /** The folder holding a file. */
  dirname(path: string): string;
  /** Reads a UTF-8 text file of at most `maxBytes`; `expected` names the kind of file in messages. */
  read(file: string, maxBytes: number, expected: string): ReadOutcome;
  /** The names of the `*.json` files in a folder, sorted; undefined when `path` is not a folder. */
  jsonFiles(path: string): readonly string[] | undefined;
  exists(path: string): boolean;
  /** Why `path` cannot be written (a folder, a file in its folder path, no permission), or undefined. Checked before work starts. */
  unwritable(path: string): string | undefined;
  /** Writes a file atomically (text as UTF-8, or bytes); refuses (an issue, nothing written) an existing file unless `force`. */
  write(path: string, content: string | Uint8Array, force: boolean): { readonly ok: true } | { readonly ok: false; readonly issues: readonly Issue[] };
  /** Removes a file this command wrote, when a later file of the same output could not be written; a failure to remove is ignored. */
  remove(path: string): void;
}

/**
 * Jobs for the pool: an array, or a length and `at(index)`, which builds each job just
 * before it is sent (so a job read from a file is in memory only while in flight).
 */
export interface JobList<J> {
  readonly length: number;
  at(index: number): J | undefined;
}

/** One kind of pooled work: its jobs, run on worker threads, results delivered in job order. */
export interface TaskRun<T extends TaskName> {
  readonly task: T;
  readonly setup: TaskSetup<T>;
  readonly jobs: JobList<TaskJob<T>>;
  readonly workers: number;
  /** Called once per job, in job order, whatever order the workers finish in. */
  readonly onResult: (index: number, result: TaskResult<T>) => void;
  /** The result that stands for the job at `index`, whose worker died. */
  readonly onCrash: (index: number, error: string) => TaskResult<T>;
}

/** Worker threads, as the use cases need them; `run` fails (an issue) only when the pool cannot run at all. */
export interface WorkerPool {
  run<T extends TaskName>(r: TaskRun<T>): Promise<{ readonly ok: true } | { readonly ok: false; readonly issues: readonly Issue[] }>;
  /** The default number of workers (the machine's cores). */
  readonly defaultWorkers: number;
}

/** What the use cases need from their surroundings. */
export interface Env {
  readonly files: FileSystem;
  readonly pool: WorkerPool;
  /** SHA-256 of a text's UTF-8 bytes, hex. */
  readonly sha256: (text: string) => string;
  /** The shipped calibration file, used when none is given. */
  readonly defaultCalibration: string;
  /**
   * The calibration a text with this SHA-256 checks to, when the build has already
   * checked that exact text (the shipped file), so a command need not parse it again
   * (a third of a cold run's CPU); undefined otherwise, and the text is parsed.
   */
  readonly checkedCalibration?: (sha256: string) => Calibration | undefined;
}

/** Reports progress of long work: `done` of `total` jobs. */
export type OnProgress = (done: number, total: number) => void;

/**
 * The same Env with its file reads passed through `read`, which gets the original read
 * as `next`: how a command records the inputs it reads, or a merge serves them from
 * its partials.
 */
export function withReads(env: Env, read: (file: string, maxBytes: number, expected: string, next: FileSystem['read']) => ReadOutcome): Env {
  const next: FileSystem['read'] = (file, maxBytes, expected) => env.files.read(file, maxBytes, expected);
  return { ...env, files: { ...env.files, read: (file, maxBytes, expected) => read(file, maxBytes, expected, next) } };
}
