import { z } from 'zod';

/** The log entry's shape, for readers of saved runs and states. */
export const LogEntrySchema = z.strictObject({
  step: z.number().int(),
  month: z.string(),
  actor: z.string(),
  kind: z.string(),
  detail: z.string(),
  why: z.string(),
  data: z.record(z.string(), z.number()).optional(),
});

/** One entry of a run's event log: what happened, when, who acted and why. */
export interface LogEntry {
  readonly step: number;
  readonly month: string;
  readonly actor: string;
  readonly kind: string;
  readonly detail: string;
  readonly why: string;
  readonly data?: Readonly<Record<string, number>>;
}
