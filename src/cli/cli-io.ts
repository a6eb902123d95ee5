/** What a CLI command may touch: its arguments, environment and standard streams. Injected for tests. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
  /** Reads all of standard input (for passwords piped in). */
  readStdin(): Promise<string>;
  /** Asks for a line without echoing it, when standard input is a terminal; `null` otherwise. */
  promptHidden(question: string): Promise<string | null>;
}

/** A command failed in a way the user can fix; the message says how. Exit code 2 for usage, 1 otherwise. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliCommand {
  /** Words that select the command, e.g. `['api-client', 'create']`. */
  readonly words: readonly string[];
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
