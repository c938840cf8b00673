import { parentPort, workerData } from 'node:worker_threads';
import { runSeedJob, type SeedJobResult, type SeedJobSetup } from '../runner/seedJob.js';
import { WORKER_READY, type PoolReply, type PoolRequest } from './orderedPool.js';

// Worker thread for ensembles: one seed per request, the run's rows transferred, not copied.
const setup = workerData as SeedJobSetup;
const port = parentPort;
if (!port) throw new Error('seedWorker.js runs as a worker thread');
port.on('message', (m: PoolRequest<number>) => {
  const result = runSeedJob(setup, m.job);
  const transfer = result.outcome.ok ? [result.outcome.summary.rows.buffer as ArrayBuffer] : [];
  port.postMessage({ index: m.index, result } satisfies PoolReply<SeedJobResult>, transfer);
});
port.postMessage(WORKER_READY);
