import { parentPort, workerData } from 'node:worker_threads';
import '../io/mathjs.js';
import { WORKER_READY, type PoolReply, type PoolRequest } from './orderedPool.js';
import { TASKS, type WorkerData } from '../runner/tasks.js';

// A worker thread: one task kind per worker, one job per request; big results are transferred, not copied.
const { task, setup } = workerData as WorkerData;
const run = TASKS[task] as (setup: unknown, job: unknown) => readonly [unknown, ArrayBuffer[]];
const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');
port.on('message', (m: PoolRequest<unknown>) => {
  const [result, transfer] = run(setup, m.job);
  port.postMessage({ index: m.index, result } satisfies PoolReply<unknown>, transfer);
});
port.postMessage(WORKER_READY);
