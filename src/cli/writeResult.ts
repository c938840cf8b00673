import { existsSync } from 'node:fs';
import { DestinationExists, writeAtomic } from '../io/files.js';
import { UsageError } from './io.js';

/** The refusal for an existing destination; `shown` is the path as the user sees it. */
export const destinationExists = (shown: string, remedy = 'choose another --out'): UsageError => new UsageError(`${shown} already exists; pass --force to overwrite it, or ${remedy}`);

/** Refuses before any work when a destination exists and --force was not given. */
export function refuseExisting(path: string, shown: string, force: boolean, remedy?: string): void {
  if (!force && existsSync(path)) throw destinationExists(shown, remedy);
}

/** Writes a result file atomically; an existing file without --force is the user's usage error, never a stack trace. */
export function writeResult(path: string, shown: string, content: string, force: boolean): void {
  try {
    writeAtomic(path, content, force);
  } catch (e) {
    if (e instanceof DestinationExists) throw destinationExists(shown);
    throw e;
  }
}
