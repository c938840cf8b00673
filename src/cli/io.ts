/** The streams and surroundings a command is given, so tests can drive the CLI in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** True when stderr is a terminal (progress is shown only then). */
  readonly isTTY: boolean;
  /** The terminal's width in characters, when stderr is a terminal. */
  readonly columns?: number;
  /** Standard input, line by line (for `mvsim eval`). */
  readonly stdinLines?: () => AsyncIterable<string>;
  /** Environment variables (for `--shard auto`); none when absent. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A user's mistake that ends the command with exit status 2; its message is shown as is, never a stack trace. */
export class UsageError extends Error {}
