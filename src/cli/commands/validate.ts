import { validateScenarios } from '../../app/validate.js';
import { failed, printIssues, type Context } from '../context.js';
import { EXIT_OK, EXIT_USAGE } from '../io.js';

/** `mvsim validate`: checks scenario files without running them; every problem in every file is reported. */
export function validateCommand(ctx: Context, files: readonly string[], calibration: string | undefined): number {
  const r = validateScenarios(ctx.env, files, calibration);
  if (!r.ok) return failed(ctx, r.issues);
  const ok = r.checked.flatMap((c) => (c.scenario ? [`ok ${c.file} (${c.scenario.name}: ${c.scenario.events.length} events, ${c.scenario.horizon} months from ${c.scenario.start})`] : []));
  if (ok.length) ctx.io.stdout(`${ok.join('\n')}\n`);
  printIssues(ctx, r.issues);
  return r.issues.some((i) => i.severity === 'error') ? EXIT_USAGE : EXIT_OK;
}
