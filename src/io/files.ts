import { createHash, randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, rmdirSync, renameSync, statSync, fstatSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Issue, Outcome } from '../input/issues.js';


const fileIssue = (file: string, code: Issue['code'], message: string): Issue => ({ code, severity: 'error', file, line: 1, column: 1, path: [], message });

/** Folders of pseudo files (process and kernel state, devices): their "regular files" can block, grow without end or report size 0. */
const PSEUDO_ROOTS = ['/proc/', '/sys/', '/dev/'];

/**
 * Reads a UTF-8 text file, refusing with a located issue anything that is not a
 * regular file on a real file system (folders, FIFOs, devices, /proc and /sys files),
 * files that cannot be read, files over `maxBytes` (counted as bytes are read, not as
 * the file system reports them), and binary files. Never blocks on a special file:
 * those are refused before opening, and the file is opened non-blocking.
 */
export function readText(file: string, maxBytes: number, expected: string): Outcome<{ text: string }> {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, issues: [fileIssue(file, 'FILE_NOT_FOUND', 'File not found')] };
    return { ok: false, issues: [fileIssue(file, 'FILE_UNREADABLE', `Cannot read the file: ${osReason(e)}`)] };
  }
  const notRegular = (what: string): Outcome<{ text: string }> => ({ ok: false, issues: [fileIssue(file, 'NOT_A_REGULAR_FILE', `${what}: expected ${expected}, a regular file`)] });
  const pseudo = PSEUDO_ROOTS.find((root) => real.startsWith(root));
  // named by its root, not its real path: /proc/self resolves to the process id, which would make the message differ from run to run
  if (pseudo) return notRegular(`A system pseudo-file (under ${pseudo.slice(0, -1)})`);
  const st = statSync(real, { throwIfNoEntry: false });
  if (!st) return { ok: false, issues: [fileIssue(file, 'FILE_NOT_FOUND', 'File not found')] };
  if (st.isDirectory()) return notRegular('A folder');
  if (!st.isFile()) return notRegular('A special file (device, pipe or socket)');
  if (st.size > maxBytes) return { ok: false, issues: [fileIssue(file, 'FILE_TOO_LARGE', `File is ${st.size} bytes; the limit is ${maxBytes} bytes`)] };
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return notRegular('A special file (device, pipe or socket)');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(65_536, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { ok: false, issues: [fileIssue(file, 'FILE_TOO_LARGE', `File is over the limit of ${maxBytes} bytes`)] };
    }
    bytes = Buffer.concat(chunks, total);
  } catch (e) {
    return { ok: false, issues: [fileIssue(file, 'FILE_UNREADABLE', `Cannot read the file: ${osReason(e)}`)] };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (bytes.includes(0)) return { ok: false, issues: [fileIssue(file, 'BINARY_FILE', `File contains NUL bytes: expected ${expected}`)] };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch {
    return { ok: false, issues: [fileIssue(file, 'BINARY_FILE', `File is not valid UTF-8 text: expected ${expected}`)] };
  }
}

/** Resolves `relative` against the folder holding `from`. */
export const resolveBeside = (from: string, relative: string): string => resolve(dirname(from), relative);

/** SHA-256 of bytes or text, hex. */
export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Thrown when a destination exists and overwriting was not allowed. */
export class DestinationExists extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists; pass --force to overwrite it`);
  }
}

/** Thrown when a write could not be completed; nothing was created or replaced. */
export class WriteFailed extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

/** The operating system's reason for a failed call, in one line (e.g. "no space left on device (ENOSPC)"). */
export function osReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EEXIST: 'a file of that name exists',
    EIO: 'input/output error',
    ENAMETOOLONG: 'file name too long',
    ENOENT: 'no such file or directory',
    EFBIG: 'file too large',
    EMFILE: 'too many open files',
  };
  if (err && typeof err.code === 'string') return `${known[err.code] ?? (err.message ?? '').replace(/^[A-Z]+: /, '').split(',')[0]} (${err.code})`;
  return String(e instanceof Error ? e.message : e).split('\n')[0]!;
}

/** This machine's name as a single file-name part (a temporary file is only ever cleaned up by a process on the machine that made it). */
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '_') || 'host';

/** A temporary name beside `path`, unique to this machine, process and call (a stale file of a killed run never collides). */
const tempName = (path: string): string => join(dirname(path), `.${basename(path)}.${HOST}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

/** Temporary files of writes on this machine: `.<name>.<host>.<pid>.<12 hex>.tmp`. */
const TEMP_PATTERN = /^\..+\.([A-Za-z0-9_-]+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** Folders whose stale temporary files this process has already removed. */
const cleanedFolders = new Set<string>();

/** Whether a process of this id runs on this machine (a process we may not signal still runs). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that writes killed before they finished (kill -9, a
 * power cut) left in `folder`: only files of this naming, made on this machine, by a
 * process that no longer runs. Once per folder per process; failures are ignored (a
 * stale file is untidy, never harmful: no write ever reads or reuses one).
 */
function removeStaleTemps(folder: string): void {
  if (cleanedFolders.has(folder)) return;
  cleanedFolders.add(folder);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_PATTERN.exec(name);
    if (!m || m[1] !== HOST || running(Number(m[2]))) continue;
    try {
      unlinkSync(join(folder, name));
    } catch {
      // removed by another process, or not ours to remove
    }
  }
}

/**
 * Why `path` cannot be written, checked before any work: it is a folder, a part of its
 * folder path is a file, or the nearest existing folder is not writable. Undefined when
 * a write may go ahead (it can still fail later, e.g. on a full disk, and then cleans up).
 */
export function unwritableReason(path: string): string | undefined {
  if (/[/\\]$/.test(path)) return 'it names a folder (it ends with a slash); give a file name';
  let failure: string | undefined;
  const stat = (p: string): ReturnType<typeof statSync> | 'not a folder' => {
    try {
      return statSync(p, { throwIfNoEntry: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return 'not a folder';
      failure = osReason(e);
      return undefined;
    }
  };
  const st = stat(path);
  if (failure) return failure;
  if (st === 'not a folder') return 'a part of its folder path is a file';
  if (st?.isDirectory()) return 'it is a folder';
  // a device, pipe or socket is never replaced by a result, even with --force (as root, /dev/full would become a JSON file)
  if (st && !st.isFile()) return 'it is not a regular file (a device, pipe or socket)';
  let dir = dirname(path);
  for (;;) {
    const d = stat(dir);
    if (failure) return failure;
    if (d === 'not a folder') {
      dir = dirname(dir);
      continue;
    }
    if (d) {
      if (!d.isDirectory()) return `${dir} is not a folder`;
      try {
        accessSync(dir, constants.W_OK);
      } catch (e) {
        return `cannot create files in ${dir}: ${osReason(e)}`;
      }
      return undefined;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * Removes the folders a failed write created, deepest first up to the first one it made
 * (`made`, as mkdirSync reports it), once the temporary file is gone: a failed write
 * leaves no empty folder behind. Folders that are not empty are kept.
 */
function removeFoldersMade(made: string | undefined, deepest: string, tmp: string): void {
  if (made === undefined) return;
  try {
    unlinkSync(tmp);
  } catch {
    // never created
  }
  for (let dir = resolve(deepest); ; dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === resolve(made) || dirname(dir) === dir) return;
  }
}

/**
 * Writes a file atomically: every byte to a uniquely named temporary file beside it
 * (short writes are continued, not ignored), flushed, then moved into place. Without
 * `force`, the move is a hard link that fails if the destination exists, so an existing
 * file is never replaced, even by a concurrent writer. On any failure the temporary
 * file is removed, the destination is untouched, and WriteFailed (or DestinationExists)
 * is thrown. Temporary files that killed writes on this machine left in the folder are
 * removed first. `write` is the system call that writes bytes (replaced only by tests
 * that inject faults).
 */
export function writeAtomic(path: string, content: string | Uint8Array, force: boolean, write: typeof writeSync = writeSync): void {
  if (!force && existsSync(path)) throw new DestinationExists(path);
  const problem = unwritableReason(path);
  if (problem) throw new WriteFailed(path, problem);
  const tmp = tempName(path);
  let fd: number | undefined;
  let madeFolder: string | undefined;
  try {
    madeFolder = mkdirSync(dirname(path), { recursive: true });
    removeStaleTemps(dirname(resolve(path)));
    fd = openSync(tmp, 'wx');
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    for (let off = 0; off < bytes.length; ) {
      const n = write(fd, bytes, off, bytes.length - off);
      if (n <= 0) throw Object.assign(new Error('the file system accepted no more bytes'), { code: 'EIO' });
      off += n;
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (statSync(tmp).size !== bytes.length) throw Object.assign(new Error('the written file is shorter than its content'), { code: 'EIO' });
    if (force) renameSync(tmp, path);
    else {
      try {
        linkSync(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new DestinationExists(path);
        throw e;
      }
    }
  } catch (e) {
    if (e instanceof DestinationExists) throw e;
    removeFoldersMade(madeFolder, dirname(path), tmp);
    throw new WriteFailed(path, osReason(e));
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing: the temporary file is removed below
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // renamed into place, or never created
    }
  }
}
