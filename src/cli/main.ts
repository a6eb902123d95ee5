import { KeyFileError } from '../crypto/key-file.ts';
import { KeyMismatchError } from '../storage/key-registry.ts';
import { type CliCommand, CliError, type CliIo } from './cli-io.ts';
import { adminCreateCommand } from './commands/admin-command.ts';
import { apiClientCreateCommand } from './commands/api-client-command.ts';
import { configCommand, formatConfigTable } from './commands/config-command.ts';
import { keysGenerateCommand, keysRewrapCommand, keysRotateCommand } from './commands/keys-command.ts';
import { migrateCommand } from './commands/migrate-command.ts';
import { sandboxCommand } from './commands/sandbox-command.ts';
import { serveCommand, startCommand } from './commands/serve-command.ts';
import { templatesPullCommand, templatesPushCommand } from './commands/templates-command.ts';
import { processIo } from './process-io.ts';

export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  startCommand,
  migrateCommand,
  configCommand,
  apiClientCreateCommand,
  adminCreateCommand,
  keysGenerateCommand,
  keysRotateCommand,
  keysRewrapCommand,
  sandboxCommand,
  templatesPushCommand,
  templatesPullCommand,
];

/** The text of `plugboard --help`. */
export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.split('   ')[0]?.length ?? 0));
  const lines = COMMANDS.map((c) => `  ${(c.usage.split('   ')[0] ?? '').padEnd(width)}  ${c.summary}`);
  return [
    'Usage: plugboard <command> [options]',
    '',
    'Commands:',
    ...lines,
    `  ${'plugboard help'.padEnd(width)}  this text (also --help, and <command> --help)`,
    '',
    'Configuration comes from environment variables, validated at start:',
    formatConfigTable(),
    '',
  ].join('\n');
}

function findCommand(args: readonly string[]): { command: CliCommand; rest: readonly string[] } | undefined {
  const matches = COMMANDS.filter((c) => c.words.every((word, i) => args[i] === word));
  const best = matches.sort((a, b) => b.words.length - a.words.length)[0];
  return best ? { command: best, rest: args.slice(best.words.length) } : undefined;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.out(helpText());
    return args.length === 0 ? 2 : 0;
  }
  const found = findCommand(args);
  if (!found) {
    io.err(`Unknown command "${args.join(' ')}". Run plugboard --help for the list.`);
    return 2;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.out(`Usage: ${found.command.usage}\n  ${found.command.summary}`);
    return 0;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    if (error instanceof KeyMismatchError || error instanceof KeyFileError) {
      io.err(`Cannot start: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
