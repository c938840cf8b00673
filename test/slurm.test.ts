import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, SCENARIOS, tempDir } from './_helpers.js';

// The shipped Slurm recipe on a real Slurm: a single node brought up under a temporary
// folder (test/slurm/cluster.sh), deploy/slurm/submit.sh run as a user would, and the
// merged file compared with one machine's. Skipped where Slurm is not installed; under
// CI (.ci/run installs slurm-wlm and munge) a missing Slurm is a failure, not a skip.
const TOOLS = ['slurmctld', 'slurmd', 'sbatch', 'squeue', 'sinfo', 'munged'];
const have = TOOLS.every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);
const underCi = Boolean(process.env['CI']);
const BASE = join(SCENARIOS, 'baseline-2022.yaml');
const MVSIM = `${process.execPath} ${join(ROOT, 'dist', 'cli', 'bin.js')}`;

describe('Slurm', () => {
  it.runIf(!have && underCi)('is installed under CI', () => {
    expect.fail(`CI must run the Slurm test, but ${TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0).join(', ')} ${'is'} missing (.ci/run installs slurm-wlm and munge)`);
  });

  const cluster = tempDir();
  afterAll(() => {
    if (have) spawnSync('bash', [join(ROOT, 'test', 'slurm', 'cluster.sh'), 'down', cluster]);
  });

  it.runIf(have)('runs deploy/slurm/submit.sh as a 4-task array and a merge that depends on it: the bytes of one machine', () => {
    const up = spawnSync('bash', [join(ROOT, 'test', 'slurm', 'cluster.sh'), 'up', cluster], { encoding: 'utf8', timeout: 60_000 });
    expect(up.status, up.stderr).toBe(0);
    const env = { ...process.env, SLURM_CONF: join(cluster, 'slurm.conf'), MVSIM };
    const work = tempDir();
    const args = ['run', BASE, '--seeds', '1..12', '--firms', '600'];
    const submitted = spawnSync('bash', [join(ROOT, 'deploy', 'slurm', 'submit.sh'), '4', 'results/ens.json', ...args], { cwd: work, env, encoding: 'utf8' });
    expect(submitted.status, submitted.stderr).toBe(0);
    expect(submitted.stdout).toMatch(/^array \d+ \(4 tasks\), merge \d+ -> results\/ens\.json$/m);
    const deadline = Date.now() + 150_000;
    for (;;) {
      const q = spawnSync('squeue', ['-h'], { env, encoding: 'utf8' });
      if (q.status === 0 && q.stdout.trim() === '') break;
      if (Date.now() > deadline) throw new Error(`the jobs did not finish: ${q.stdout}`);
      spawnSync('sleep', ['1']);
    }
    for (let i = 1; i <= 4; i++) expect(existsSync(join(work, 'results', `ens.part-${i}-of-4.json`)), `shard ${i}`).toBe(true);
    const log = spawnSync('sh', ['-c', 'cat mvsim-merge-*.log'], { cwd: work, encoding: 'utf8' }).stdout;
    expect(log).toContain('merged 4 shards of mvsim run (12 jobs); 2 jobs run again here matched the partials bit for bit');
    const local = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'bin.js'), ...args, '--out', 'local.json', '--quiet'], { cwd: work, encoding: 'utf8' });
    expect(local.status, local.stderr).toBe(0);
    expect(readFileSync(join(work, 'results', 'ens.json')).equals(readFileSync(join(work, 'local.json')))).toBe(true);
  }, 240_000);
});

describe('the other recipes in deploy/ (no cluster here: checked by reading them)', () => {
  it('the Kubernetes Indexed Job shards with --shard auto, counts its completions in MVSIM_SHARD_COUNT, and the merge job names every partial', () => {
    const job = parse(readFileSync(join(ROOT, 'deploy', 'kubernetes', 'mvsim-indexed-job.yaml'), 'utf8'));
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const n = job.spec.completions as number;
    const c = job.spec.template.spec.containers[0];
    expect(c.env.find((e: { name: string }) => e.name === 'MVSIM_SHARD_COUNT').value).toBe(String(n));
    expect(c.args).toEqual(expect.arrayContaining(['--shard', 'auto']));
    const out = c.args[c.args.indexOf('--out') + 1] as string;
    const merge = parse(readFileSync(join(ROOT, 'deploy', 'kubernetes', 'mvsim-merge-job.yaml'), 'utf8'));
    const m = merge.spec.template.spec.containers[0].args as string[];
    expect(m[0]).toBe('merge');
    expect(m.slice(1, n + 1)).toEqual(Array.from({ length: n }, (_, i) => out.replace(/\.json$/, `.part-${i + 1}-of-${n}.json`)));
    expect(m[m.indexOf('--out') + 1]).toBe(out);
  });

  it('the GitHub Actions matrix runs every shard of its count and merges after all of them', () => {
    const wf = parse(readFileSync(join(ROOT, 'deploy', 'github-actions', 'mvsim-sharded.yml'), 'utf8'));
    const shards = wf.jobs.shard.strategy.matrix.shard as number[];
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    const run = wf.jobs.shard.steps.map((s: { run?: string }) => s.run ?? '').find((r: string) => r.includes('--shard'));
    expect(run).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    expect(wf.jobs.merge.needs).toBe('shard');
    expect(wf.jobs.merge.steps.some((s: { run?: string }) => (s.run ?? '').startsWith('npx mvsim merge parts'))).toBe(true);
  });
});
