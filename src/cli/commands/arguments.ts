import { parseArgs } from 'node:util';
import { CliError } from '../cli-io.ts';

/** Refuses any argument for a command that takes none. */
export function expectNoArguments(args: readonly string[], command: string): void {
  if (args.length > 0) throw new CliError(`plugboard ${command} takes no arguments (got "${args[0]}")`, 2);
}

/** Parses `--name value` options strictly; unknown options and stray words are usage errors. */
export function parseOptions<T extends Record<string, { type: 'string' | 'boolean' }>>(
  args: readonly string[],
  options: T,
  command: string,
): Record<keyof T, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
    return values as unknown as Record<keyof T, string | boolean | undefined>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`plugboard ${command}: ${reason}`, 2);
  }
}

/** Reads a required, non-empty string option. */
export function requiredOption(value: string | boolean | undefined, name: string, command: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CliError(`plugboard ${command} needs --${name} <value>`, 2);
  }
  return value.trim();
}
