import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readText, WriteFailed, writeAtomic } from '../src/io/files.js';
import { ROOT, cli, tempDir } from './_helpers.js';

const BASE = join(ROOT, 'scenarios', 'baseline-2022.yaml');
const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at |internal error/);

describe('writes are all or nothing', () => {
  it('a write cut short by a full disk leaves no file and no temporary file, and says why', () => {
    const dir = tempDir();
    const path = join(dir, 'r.json');
    let calls = 0;
    // Accept half the bytes, then fail as a full disk does.
    const faulty = ((fd: number, buf: Uint8Array, off: number, len: number) => {
      if (calls++ === 0) return writeSync(fd, buf, off, Math.ceil(len / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof writeSync;
    expect(() => writeAtomic(path, 'x'.repeat(10_000), false, faulty)).toThrow(WriteFailed);
    expect(() => writeAtomic(path, 'x'.repeat(10_000), false, faulty)).toThrow(/no space left on device \(ENOSPC\)/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failed write into new folders removes the folders it made', () => {
    const dir = tempDir();
    const failing = (() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof writeSync;
    expect(() => writeAtomic(join(dir, 'new', 'deeper', 'r.json'), 'content', false, failing)).toThrow(/ENOSPC/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failed write never replaces the file it was to overwrite (--force)', () => {
    const dir = tempDir();
    const path = join(dir, 'r.json');
    writeFileSync(path, 'old');
    const failing = (() => {
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    }) as typeof writeSync;
    expect(() => writeAtomic(path, 'new content', true, failing)).toThrow(/input\/output error \(EIO\)/);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('a short write is continued, not ignored', () => {
    const dir = tempDir();
    const path = join(dir, 'r.json');
    const dribble = ((fd: number, buf: Uint8Array, off: number, len: number) => writeSync(fd, buf, off, Math.min(len, 7))) as typeof writeSync;
    writeAtomic(path, 'é'.repeat(5000), false, dribble);
    expect(readFileSync(path, 'utf8')).toBe('é'.repeat(5000));
  });

  it('a stale temporary file of a killed run (same pid) does not block the write', () => {
    const dir = tempDir();
    const path = join(dir, 'r.json');
    writeFileSync(`${path}.${process.pid}.tmp`, 'stale');
    writeFileSync(join(dir, `.r.json.${process.pid}.tmp`), 'stale');
    writeAtomic(path, 'fresh', false);
    expect(readFileSync(path, 'utf8')).toBe('fresh');
  });

  it('removes the temporary files of killed writes on this machine, and only those', () => {
    const dir = tempDir();
    const host = hostname().replace(/[^A-Za-z0-9-]/g, '_') || 'host';
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has exited
    const stale = `.old.json.${host}.${dead}.0123456789ab.tmp`;
    const live = `.old.json.${host}.${process.pid}.0123456789ab.tmp`; // a write still under way
    const elsewhere = `.old.json.another-host.${dead}.0123456789ab.tmp`; // another machine's, on a shared file system
    const unrelated = 'notes.tmp';
    for (const name of [stale, live, elsewhere, unrelated]) writeFileSync(join(dir, name), 'partial');
    writeAtomic(join(dir, 'r.json'), 'fresh', false);
    expect(readdirSync(dir).sort()).toEqual([live, elsewhere, unrelated, 'r.json'].sort());
  });

  it('kill -9 at any moment of an ensemble leaves only whole files, and the next run with --force finishes cleanly', () => {
    const dir = tempDir();
    const args = [join(ROOT, 'dist/cli/bin.js'), 'run', BASE, '--seeds', '1..40', '--firms', '2000', '--workers', '2', '--keep-runs', 'runs', '--out', 'e.json', '--force'];
    for (const ms of [150, 400, 700, 1000, 1400]) {
      // SIGKILL after `ms`: wherever the ensemble was, no final file may be cut short
      spawnSync(process.execPath, args, { cwd: dir, timeout: ms, killSignal: 'SIGKILL' });
      for (const f of existsSync(join(dir, 'runs')) ? readdirSync(join(dir, 'runs')) : []) {
        if (f.endsWith('.tmp')) continue;
        expect(() => JSON.parse(readFileSync(join(dir, 'runs', f), 'utf8')), f).not.toThrow();
      }
      if (existsSync(join(dir, 'e.json'))) expect(() => JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8'))).not.toThrow();
    }
    const done = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    expect(done.status, done.stderr).toBe(0);
    expect(readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(join(dir, 'runs'))).toHaveLength(40);
  });

  it.each([
    ['a folder as --out, even with --force', (d: string) => (mkdirSync(join(d, 'out')), ['--out', 'out', '--force']), /Cannot write out: it is a folder; nothing was written/],
    ['an --out whose parent is a file', (d: string) => (writeFileSync(join(d, 'f'), ''), ['--out', 'f/r.json']), /Cannot write f\/r\.json: a part of its folder path is a file/],
  ])('refuses %s before any work: exit 1, one line, no stack trace', async (_what, setup, message) => {
    const dir = tempDir();
    const args = setup(dir);
    const r = await cli(['run', BASE, '--firms', '100', ...args], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    noStack(r.stderr);
  });

  // A real full file system, where this machine lets the tests mount one (root with CAP_SYS_ADMIN).
  const small = join(tempDir(), 'small');
  mkdirSync(small);
  const mounted = process.platform === 'linux' && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]).status === 0;
  afterAll(() => void (mounted && spawnSync('umount', [small])));
  it.skipIf(!mounted)('on a 64 KB file system: a run and an ensemble exit 1 naming ENOSPC, and leave nothing behind', async () => {
    for (const args of [['--out', join(small, 'r.json')], ['--seeds', '1..3', '--out', join(small, 'e.json')]]) {
      const r = await cli(['run', BASE, ...args], ROOT);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no space left on device \(ENOSPC\); nothing was written/);
      noStack(r.stderr);
      expect(readdirSync(small)).toEqual([]);
    }
  });
});

describe('reads are bounded to regular files', () => {
  it.each([
    ['/proc/self/status', /NOT_A_REGULAR_FILE/],
    ['/proc/kmsg', /NOT_A_REGULAR_FILE/],
    ['/proc/self/pagemap', /NOT_A_REGULAR_FILE/],
    ['/dev/zero', /NOT_A_REGULAR_FILE/],
    ['/tmp', /NOT_A_REGULAR_FILE.*A folder/],
  ])('refuses %s at once with a located error', (file, message) => {
    const got = readText(file, 1 << 20, 'a YAML text file');
    expect(got.ok).toBe(false);
    expect(JSON.stringify(got)).toMatch(message);
  });

  it('refuses a FIFO without blocking', () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const got = readText(fifo, 1 << 20, 'a YAML text file');
    expect(JSON.stringify(got)).toMatch(/NOT_A_REGULAR_FILE.*special file/);
  });

  it('an unreadable file is a located error, not a stack trace', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), 'name: s\n');
    chmodSync(join(dir, 's.yaml'), 0o000);
    chmodSync(dir, 0o755); // the file is what may not be read, not its folder
    const asRoot = process.getuid?.() === 0;
    // Root reads any file, so the check runs as `nobody`; that needs `su`, and a checkout `nobody` may enter (a clone in a 0700 folder is not).
    if (asRoot && spawnSync('su', ['nobody', '-s', '/bin/sh', '-c', `test -r ${join(ROOT, 'dist/cli/bin.js')}`]).status !== 0) return;
    const asNobody = asRoot ? spawnSync('su', ['nobody', '-s', '/bin/sh', '-c', `node ${join(ROOT, 'dist/cli/bin.js')} validate ${join(dir, 's.yaml')}`], { encoding: 'utf8' }) : undefined;
    const r = asNobody ? { code: asNobody.status, stderr: asNobody.stderr } : await cli(['validate', 's.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/(FILE_UNREADABLE|FILE_NOT_FOUND).*(permission denied|not found)/i);
    noStack(r.stderr ?? '');
  });

  it.each([['/etc/passwd'], ['/etc/hostname'], ['/proc/self/environ']])('extends: %s is refused at extends, without quoting the file', async (parent) => {
    if (!existsSync(parent)) return;
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), `name: s\nextends: ${parent}\n`);
    const r = await cli(['validate', 's.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^s\.yaml:2:10: error (EXTENDS_NOT_A_SCENARIO|NOT_A_REGULAR_FILE) at extends/);
    const body = readFileSync(parent, 'latin1').split('\n')[0]!.slice(0, 12);
    if (body.trim()) expect(r.stderr).not.toContain(body);
    expect(r.stderr.trim().split('\n').filter((l) => /: error /.test(l))).toHaveLength(1);
  });
});

describe('an output of several files is all or nothing', () => {
  it('removes the files a command wrote when a later one of the same output fails (a state without its result)', async () => {
    const { writeAll } = await import('../src/app/write.js');
    const { nodeEnv } = await import('../src/node/env.js');
    const dir = tempDir();
    const real = nodeEnv(dir);
    writeFileSync(join(dir, 'old.json'), 'old');
    const env = {
      ...real,
      files: {
        ...real.files,
        write: (path: string, content: string, force: boolean) =>
          path.endsWith('result.json') ? { ok: false as const, issues: [{ code: 'WRITE_FAILED' as const, severity: 'error' as const, path: [], message: 'Cannot write result.json: no space left on device (ENOSPC); nothing was written' }] } : real.files.write(path, content, force),
      },
    };
    const r = writeAll(env, [{ path: 'state.json', content: '{}' }, { path: 'old.json', content: 'new' }, { path: 'result.json', content: '{}' }], true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/ENOSPC\); nothing was written \(old\.json had already been replaced\)$/);
    expect(readdirSync(dir).sort()).toEqual(['old.json']); // the new state is gone; the replaced file cannot come back
  });
});
