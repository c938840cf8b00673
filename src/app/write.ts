import type { Outcome } from '../input/issues.js';
import { plainIssue } from '../input/issues.js';
import type { Env } from './env.js';

/** A file a command will write, as the user named it, and what to do instead of overwriting it. */
export interface Destination {
  readonly path: string;
  readonly remedy: string;
}

/** Refuses, before any work, destinations that exist when `force` was not given; undefined when all are free. */
export function refuseExisting(env: Env, destinations: readonly Destination[], force: boolean): Outcome<never> | undefined {
  if (force) return undefined;
  const taken = destinations.filter((d) => env.files.exists(env.files.resolve('.', d.path)));
  return taken.length ? { ok: false, issues: taken.map((d) => plainIssue('DESTINATION_EXISTS', `${d.path} already exists; pass --force to overwrite it, or ${d.remedy}`)) } : undefined;
}

/** Writes files in order, each atomically; stops at the first refusal. Returns the paths as the user named them. */
export function writeAll(env: Env, files: readonly { readonly path: string; readonly content: string }[], force: boolean): Outcome<{ written: readonly string[] }> {
  for (const f of files) {
    const w = env.files.write(env.files.resolve('.', f.path), f.content, force);
    if (!w.ok) return w;
  }
  return { ok: true, written: files.map((f) => f.path) };
}
