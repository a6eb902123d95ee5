import { KeyFileError } from '../crypto/key-file.ts';
import { KeyMismatchError } from '../storage/key-registry.ts';
import { type CliCommand, CliError, type CliIo } from './cli-io.ts';
import { adminCreateCommand } from './commands/admin-command.ts';
import { apiClientCreateCommand } from './commands/api-client-command.ts';
import { configCommand, formatConfigTable } from './commands/config-command.ts';
import { jobsListCommand, jobsRetryCommand, jobsShowCommand } from './commands/jobs-command.ts';
import { keysGenerateCommand, keysRewrapCommand, keysRotateCommand } from './commands/keys-command.ts';
import { migrateCommand } from './commands/migrate-command.ts';
import { sandboxCommand } from './commands/sandbox-command.ts';
import { serveCommand, startCommand } from './commands/serve-command.ts';
import { templatesPullCommand, templatesPushCommand } from './commands/templates-command.ts';
import { processIo } from './process-io.ts';
import { describeStartupError } from './startup-errors.ts';
import { wrapText } from './text-wrap.ts';

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
  jobsListCommand,
  jobsShowCommand,
  jobsRetryCommand,
  templatesPushCommand,
  templatesPullCommand,
];

/** Usages longer than this put their summary on the next line, so no line runs past the help width. */
const USAGE_COLUMN = 36;

/** One entry of the command list: the usage, then the summary beside it or under it. */
function commandLine(usage: string, summary: string): string {
  if (usage.length <= USAGE_COLUMN)
    return `  ${usage.padEnd(USAGE_COLUMN)}  ${wrapText(summary, USAGE_COLUMN + 4)}`;
  return `  ${usage}\n      ${wrapText(summary, 6)}`;
}

/** The text of `plugboard --help`. */
export function helpText(): string {
  return [
    'Usage: plugboard <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => commandLine(c.usage.split('   ')[0] ?? '', c.summary)),
    commandLine(
      'plugboard help',
      'this text (also --help); plugboard help <command> or <command> --help describes one',
    ),
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

/** The usage of one command, its summary wrapped. */
function commandHelp(command: CliCommand): string {
  return `Usage: ${command.usage}\n  ${wrapText(command.summary, 2)}`;
}

/** The commands that start with `word` and have more words (`api-client`, `keys`, `admin`, …). */
function commandGroup(word: string | undefined): readonly CliCommand[] {
  return COMMANDS.filter((c) => c.words.length > 1 && c.words[0] === word);
}

/** What `plugboard help <words>` and `<words> --help` print, or `undefined` for an unknown command. */
function helpFor(words: readonly string[]): string | undefined {
  const found = findCommand(words);
  if (found?.rest.every((arg) => arg === '--help' || arg === '-h')) return commandHelp(found.command);
  const group = commandGroup(words[0]);
  if (group.length > 0) return group.map(commandHelp).join('\n\n');
  return undefined;
}

const isHelpFlag = (arg: string) => arg === '--help' || arg === '-h';

/** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  if (args.length === 0 || isHelpFlag(args[0] ?? '') || (args[0] === 'help' && args.length === 1)) {
    io.out(helpText());
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === 'help' || args.some(isHelpFlag)) {
    const words = (args[0] === 'help' ? args.slice(1) : args).filter((arg) => !isHelpFlag(arg));
    const help = helpFor(words);
    if (help === undefined) {
      io.err(`Unknown command "${words.join(' ')}". Run plugboard --help for the list.`);
      return 2;
    }
    io.out(help);
    return 0;
  }
  const found = findCommand(args);
  const group = found ? [] : commandGroup(args[0]);
  if (group.length > 0) {
    io.err(`"${args.join(' ')}" needs one of:\n\n${group.map(commandHelp).join('\n\n')}`);
    return 2;
  }
  if (!found) {
    io.err(`Unknown command "${args.join(' ')}". Run plugboard --help for the list.`);
    return 2;
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
    const line = describeStartupError(error, io.env);
    if (line === null) throw error;
    io.err(line);
    // The stack helps only someone debugging Plugboard itself.
    if (['debug', 'trace'].includes(io.env.PLUGBOARD_LOG_LEVEL?.trim() ?? '') && error instanceof Error)
      io.err(error.stack ?? String(error));
    return 1;
  }
}
