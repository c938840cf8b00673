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
