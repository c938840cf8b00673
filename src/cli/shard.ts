import type { ShardArgs } from '../app/shard.js';
import { UsageError } from './io.js';

/** Environment variables, as a command sees them (process.env at the edge; a plain object in tests). */
export type Environment = Readonly<Record<string, string | undefined>>;

const int = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined);

/**
 * The shard an array job's task is, from the engine's own variables: Slurm
 * (SLURM_ARRAY_TASK_ID, with SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT or _MAX,
 * and _STEP when the array has one), Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX,
 * counted by MVSIM_SHARD_COUNT, which the manifest sets from `completions`), AWS Batch
 * (AWS_BATCH_JOB_ARRAY_INDEX with AWS_BATCH_JOB_ARRAY_SIZE or MVSIM_SHARD_COUNT).
 * Refuses to guess: none set, more than one engine's, or a count it cannot read.
 */
export function shardFromEnvironment(env: Environment): { index: number; count: number } {
  const found: { engine: string; index: number | undefined; count: number | undefined; why: string }[] = [];
  if (env['SLURM_ARRAY_TASK_ID'] !== undefined) {
    const id = int(env['SLURM_ARRAY_TASK_ID']);
    const min = int(env['SLURM_ARRAY_TASK_MIN']);
    const max = int(env['SLURM_ARRAY_TASK_MAX']);
    const step = int(env['SLURM_ARRAY_TASK_STEP']) ?? 1;
    const count = int(env['SLURM_ARRAY_TASK_COUNT']) ?? (min !== undefined && max !== undefined ? Math.floor((max - min) / step) + 1 : undefined);
    const offset = id !== undefined && min !== undefined ? id - min : undefined;
    found.push({ engine: 'Slurm', index: offset !== undefined && offset % step === 0 ? offset / step + 1 : undefined, count, why: 'SLURM_ARRAY_TASK_ID needs SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT (or _MAX), as sbatch --array sets them' });
  }
  if (env['JOB_COMPLETION_INDEX'] !== undefined) {
    const i = int(env['JOB_COMPLETION_INDEX']);
    found.push({ engine: 'Kubernetes', index: i === undefined ? undefined : i + 1, count: int(env['MVSIM_SHARD_COUNT']), why: 'JOB_COMPLETION_INDEX needs MVSIM_SHARD_COUNT, the Job\'s completions (deploy/kubernetes sets it)' });
  }
  if (env['AWS_BATCH_JOB_ARRAY_INDEX'] !== undefined) {
    const i = int(env['AWS_BATCH_JOB_ARRAY_INDEX']);
    found.push({ engine: 'AWS Batch', index: i === undefined ? undefined : i + 1, count: int(env['AWS_BATCH_JOB_ARRAY_SIZE']) ?? int(env['MVSIM_SHARD_COUNT']), why: 'AWS_BATCH_JOB_ARRAY_INDEX needs AWS_BATCH_JOB_ARRAY_SIZE (or MVSIM_SHARD_COUNT): set it to the array size in the job definition' });
  }
  if (!found.length) throw new UsageError('--shard auto: no array job index is set (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX); outside an array job give --shard I/N, e.g. --shard 2/4');
  if (found.length > 1) throw new UsageError(`--shard auto: both ${found.map((f) => f.engine).join(' and ')} set an array index; give --shard I/N`);
  const f = found[0]!;
  if (f.index === undefined || f.count === undefined) throw new UsageError(`--shard auto: ${f.why}`);
  if (f.index < 1 || f.index > f.count) throw new UsageError(`--shard auto: ${f.engine} says task ${f.index} of ${f.count}, which is not a shard (1 to ${f.count})`);
  return { index: f.index, count: f.count };
}

/** `--shard I/N` (I from 1 to N) or `--shard auto`, with the command line that asked for it; undefined when not given. */
export function parseShard(text: string | undefined, env: Environment, commandLine: readonly string[]): ShardArgs | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === 'auto') return { ...shardFromEnvironment(env), commandLine };
  const m = /^(\d+)\/(\d+)$/.exec(t);
  if (!m) throw new UsageError(`--shard ${text}: expected I/N, e.g. 2/4 (shard 2 of 4), or auto`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 100_000) throw new UsageError(`--shard ${text}: the number of shards must be 1 to 100000`);
  if (index < 1 || index > count) throw new UsageError(`--shard ${text}: shards count from 1 to ${count}`);
  return { index, count, commandLine };
}
