import { Worker } from 'node:worker_threads';

/** A job sent to a worker, and what it sends back. */
export interface PoolRequest<J> {
  readonly index: number;
  readonly job: J;
}
export interface PoolReply<R> {
  readonly index: number;
  readonly result: R;
}

/**
 * The jobs of a run: an array, or anything with a length that gives each job by its
 * index when asked. `at` is called once per job, just before it is sent, so a job
 * built there (e.g. from a file read then) is in memory only while it is in flight.
 */
export interface JobList<J> {
  readonly length: number;
  at(index: number): J | undefined;
}

export interface OrderedPoolOptions<J, R> {
  /** The worker script: it posts WORKER_READY once loaded, then answers each PoolRequest with a PoolReply, in any order. */
  readonly script: string | URL;
  readonly workers: number;
  /** Passed to every worker once, as `workerData`. */
  readonly workerData: unknown;
  readonly jobs: JobList<J>;
  /** Called exactly once per job, in job order, whatever order the workers finish in. */
  readonly onResult: (index: number, result: R) => void;
  /** The result that stands for the job at `index`, lost when its worker died. */
  readonly onCrash: (index: number, error: string) => R;
  /** Jobs started but not yet delivered, at most (results wait here to be delivered in order). Default: 8 per worker. */
  readonly window?: number;
}

const IN_FLIGHT_PER_WORKER = 2;

/** What a worker script posts once, when it has loaded and listens for jobs. */
export const WORKER_READY = 'ready';

/** Node options a worker must not inherit: they describe how the parent was started (e.g. `node --input-type=module -e`), not how to run a file. */
const workerExecArgv = (): string[] => process.execArgv.filter((a) => !/^--(input-type|eval|print)\b/.test(a));

interface Slot {
  worker: Worker;
  readonly inFlight: Set<number>;
  lastError: string | undefined;
  /** The worker's script loaded and said so (a worker that dies before this cannot run anything). */
  online: boolean;
}

/**
 * Runs jobs on worker threads and delivers their results in job order, so what is
 * built from them cannot depend on the number of workers or on timing. Memory is
 * bounded by the window, not by the number of jobs. A worker that dies has its jobs
 * reported through `onCrash` and is replaced; one that cannot start at all rejects the
 * whole run, since no job could succeed.
 */
export function runOrdered<J, R>(opts: OrderedPoolOptions<J, R>): Promise<void> {
  const { jobs } = opts;
  const window = opts.window ?? 8 * opts.workers;
  const waiting = new Map<number, R>();
  let nextToSend = 0;
  let nextToDeliver = 0;
  let settled = false;
  const slots: Slot[] = [];

  return new Promise<void>((resolve, reject) => {
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      void Promise.all(slots.map((s) => s.worker.terminate())).then(() => (error === undefined ? resolve() : reject(error)));
    };
    const deliver = (index: number, result: R): void => {
      waiting.set(index, result);
      try {
        while (waiting.has(nextToDeliver)) {
          const r = waiting.get(nextToDeliver) as R;
          waiting.delete(nextToDeliver);
          opts.onResult(nextToDeliver, r);
          nextToDeliver++;
        }
      } catch (e) {
        finish(e);
        return;
      }
      if (nextToDeliver === jobs.length) finish();
      else for (const s of slots) feed(s);
    };
    const feed = (slot: Slot): void => {
      while (!settled && slot.inFlight.size < IN_FLIGHT_PER_WORKER && nextToSend < jobs.length && nextToSend < nextToDeliver + window) {
        const index = nextToSend++;
        let job: J;
        try {
          job = jobs.at(index) as J;
        } catch (e) {
          finish(e);
          return;
        }
        slot.inFlight.add(index);
        slot.worker.postMessage({ index, job } satisfies PoolRequest<J>);
      }
    };
    const spawn = (slot?: Slot): Slot => {
      const worker = new Worker(opts.script, { workerData: opts.workerData, execArgv: workerExecArgv() });
      const s: Slot = slot ?? { worker, inFlight: new Set(), lastError: undefined, online: false };
      s.worker = worker;
      s.online = false;
      worker.on('message', (m: PoolReply<R> | typeof WORKER_READY) => {
        if (m === WORKER_READY) {
          s.online = true;
          return;
        }
        s.inFlight.delete(m.index);
        deliver(m.index, m.result);
      });
      worker.on('error', (e) => {
        s.lastError = e.message;
      });
      worker.on('exit', (code) => {
        if (settled) return;
        const lost = [...s.inFlight].sort((a, b) => a - b);
        s.inFlight.clear();
        const why = s.lastError ?? `worker exited with code ${code}`;
        s.lastError = undefined;
        if (!s.online) {
          finish(new Error(`a worker thread could not start: ${why}`));
          return;
        }
        if (nextToSend < jobs.length || lost.length) spawn(s);
        for (const index of lost) deliver(index, opts.onCrash(index, `worker died: ${why}`));
        if (!settled) feed(s);
      });
      return s;
    };
    if (jobs.length === 0) {
      resolve();
      return;
    }
    for (let w = 0; w < Math.max(1, Math.min(opts.workers, jobs.length)); w++) slots.push(spawn());
    for (const s of slots) feed(s);
  });
}
