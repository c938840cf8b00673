import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Issue, Outcome } from '../input/issues.js';


const fileIssue = (file: string, code: Issue['code'], message: string): Issue => ({ code, severity: 'error', file, line: 1, column: 1, path: [], message });

/** Reads a UTF-8 text file, refusing missing, oversized and binary files with a located issue. */
export function readText(file: string, maxBytes: number, expected: string): Outcome<{ text: string }> {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return { ok: false, issues: [fileIssue(file, 'FILE_NOT_FOUND', 'Not a regular file')] };
    size = st.size;
  } catch {
    return { ok: false, issues: [fileIssue(file, 'FILE_NOT_FOUND', 'File not found')] };
  }
  if (size > maxBytes) return { ok: false, issues: [fileIssue(file, 'FILE_TOO_LARGE', `File is ${size} bytes; the limit is ${maxBytes} bytes`)] };
  const bytes = readFileSync(file);
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

/**
 * Writes a file atomically: to a temporary file beside it, flushed, then moved into
 * place. Without `force`, the move is a hard link that fails if the destination
 * exists, so an existing file is never replaced, even by a concurrent writer.
 */
export function writeAtomic(path: string, content: string, force: boolean): void {
  mkdirSync(dirname(path), { recursive: true });
  if (!force && existsSync(path)) throw new DestinationExists(path);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (force) renameSync(tmp, path);
    else {
      try {
        linkSync(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new DestinationExists(path);
        throw e;
      }
      unlinkSync(tmp);
    }
  } finally {
    if (existsSync(tmp)) unlinkSync(tmp);
  }
}
