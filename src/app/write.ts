import type { Outcome } from '../input/issues.js';
import { capIssues, plainIssue } from '../input/issues.js';
import type { Env } from './env.js';

/** A file a command will write, as the user named it, and what to do instead of overwriting it. */
export interface Destination {
  readonly path: string;
  readonly remedy: string;
}

/** The most existing destinations named one by one; the rest are counted (an ensemble may have a file per seed). */
export const MAX_NAMED_DESTINATIONS = 10;

/**
 * Refuses, before any work, destinations that cannot be written (a folder, a file in
 * the folder path, no permission: exit 1, WRITE_FAILED) and destinations that exist when
 * `force` was not given (DESTINATION_EXISTS); undefined when all may be written.
 */
export function refuseExisting(env: Env, destinations: readonly Destination[], force: boolean): Outcome<never> | undefined {
  // one command writing two of its outputs to one file would lose the first (e.g. --out inside --keep-runs, or --checkpoint-out equal to --out)
  const seen = new Map<string, string>();
  for (const d of destinations) {
    const at = env.files.resolve('.', d.path);
    const other = seen.get(at);
    if (other !== undefined) return { ok: false, issues: [plainIssue('INVALID_OPTION', `${d.path} is asked for twice (also as ${other}): this command would write two of its files there; ${d.remedy}`)] };
    seen.set(at, d.path);
  }
  const blocked = destinations.flatMap((d) => {
    // the name as given: resolving it drops a trailing slash
    if (/[/\\]$/.test(d.path)) return [plainIssue('WRITE_FAILED', `Cannot write ${d.path}: it names a folder (it ends with a slash); give a file name; nothing was written`)];
    const why = env.files.unwritable(env.files.resolve('.', d.path));
    return why ? [plainIssue('WRITE_FAILED', `Cannot write ${d.path}: ${why}; nothing was written`)] : [];
  });
  if (blocked.length) return { ok: false, issues: capIssues(blocked, MAX_NAMED_DESTINATIONS, (n) => `…and ${n} more files that cannot be written`) };
  if (force) return undefined;
  const taken = destinations.filter((d) => env.files.exists(env.files.resolve('.', d.path)));
  if (!taken.length) return undefined;
  const issues = taken.map((d) => plainIssue('DESTINATION_EXISTS', `${d.path} already exists; pass --force to overwrite it, or ${d.remedy}`));
  return { ok: false, issues: capIssues(issues, MAX_NAMED_DESTINATIONS, (n) => `…and ${n} more files that already exist`) };
}

/**
 * Writes files in order, each atomically, as one output: when one cannot be written,
 * the files this call created before it are removed again, so a command never leaves
 * half of its output (a state without its result). A file `force` replaced cannot be
 * brought back; the message then says which. Returns the paths as the user named them.
 */
export function writeAll(env: Env, files: readonly { readonly path: string; readonly content: string | Uint8Array }[], force: boolean): Outcome<{ written: readonly string[] }> {
  const created: string[] = [];
  const replaced: string[] = [];
  for (const f of files) {
    const at = env.files.resolve('.', f.path);
    const existed = env.files.exists(at);
    const w = env.files.write(at, f.content, force);
    if (!w.ok) {
      for (const c of created) env.files.remove(env.files.resolve('.', c));
      const note = replaced.length ? ` (${replaced.join(', ')} had already been replaced)` : '';
      return { ok: false, issues: w.issues.map((i) => ({ ...i, message: `${i.message}${note}` })) };
    }
    (existed ? replaced : created).push(f.path);
  }
  return { ok: true, written: files.map((f) => f.path) };
}
