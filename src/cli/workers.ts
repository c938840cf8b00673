import { join } from 'node:path';
import { PACKAGE_ROOT } from '../io/package.js';
import { runOrdered } from '../parallel/orderedPool.js';
import type { TaskJob, TaskName, TaskResult, TaskSetup, WorkerData } from '../parallel/tasks.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';

/** The compiled worker script; tests run it from dist/ too, which `npm test` builds first. */
export const WORKER_SCRIPT = join(PACKAGE_ROOT, 'dist', 'parallel', 'worker.js');

export interface TaskRun<T extends TaskName> {
  readonly task: T;
  readonly setup: TaskSetup<T>;
  readonly jobs: readonly TaskJob<T>[];
  readonly workers: number;
  /** Called once per job, in job order. */
  readonly onResult: (index: number, result: TaskResult<T>) => void;
  /** The result that stands for a job whose worker died. */
  readonly onCrash: (job: TaskJob<T>, error: string) => TaskResult<T>;
}

/** Runs a task's jobs on worker threads, results delivered in job order (so nothing built from them depends on the worker count). */
export function runTask<T extends TaskName>(r: TaskRun<T>): Promise<void> {
  return runOrdered<TaskJob<T>, TaskResult<T>>({
    script: WORKER_SCRIPT,
    workers: r.workers,
    workerData: { task: r.task, setup: r.setup } satisfies WorkerData<T>,
    jobs: r.jobs,
    onResult: r.onResult,
    onCrash: r.onCrash,
  });
}

export interface Shown {
  /** What the run is called in messages: "ensemble", "sweep". */
  readonly what: string;
  /** The progress bar's label. */
  readonly label: string;
  readonly quiet: boolean;
  /** Milliseconds, for the progress bar's rate and ETA only. */
  readonly now: () => number;
}

/**
 * Runs a task with a progress bar on a terminal. A pool that cannot run at all (a
 * worker that cannot start) is reported in one line; returns false then, and nothing is written.
 */
export async function runTaskShown<T extends TaskName>(io: CliIo, shown: Shown, r: TaskRun<T>): Promise<boolean> {
  const progress = createProgress(io.isTTY && !shown.quiet, shown.label, r.jobs.length, io.stderr, shown.now);
  try {
    await runTask({
      ...r,
      onResult: (index, result) => {
        r.onResult(index, result);
        progress.tick(index + 1);
      },
    });
  } catch (e) {
    progress.done();
    io.stderr(`The ${shown.what} stopped: ${e instanceof Error ? e.message : String(e)}. No ${shown.what} was written.\n`);
    return false;
  }
  progress.done();
  return true;
}
