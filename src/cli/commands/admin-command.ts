import { AdminService } from '../../domain/admins/admin-service.ts';
import { systemClock } from '../../domain/clock.ts';
import { type CliCommand, CliError, type CliIo } from '../cli-io.ts';
import { loadCliConfig } from '../load-cli-config.ts';
import { withStorage } from '../with-storage.ts';
import { parseOptions, requiredOption } from './arguments.ts';

async function readPassword(io: CliIo): Promise<string> {
  const typed = await io.promptHidden('Password: ');
  if (typed !== null) {
    const again = await io.promptHidden('Repeat password: ');
    if (again !== typed) throw new CliError('The two passwords differ; nothing was created.');
    return typed;
  }
  // Piped: the first line of standard input is the password.
  const piped = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
  if (piped === '')
    throw new CliError(
      'Give the password on standard input (e.g. printf "%s" "$PASSWORD" | plugboard admin create --username admin).',
    );
  return piped;
}

export const adminCreateCommand: CliCommand = {
  words: ['admin', 'create'],
  usage: 'plugboard admin create --username <name>   (password from standard input or a prompt)',
  summary: 'create a console administrator',
  async run(args, io) {
    const options = parseOptions(args, { username: { type: 'string' } }, 'admin create');
    const username = requiredOption(options.username, 'username', 'admin create');
    const config = loadCliConfig(io);
    const password = await readPassword(io);
    return withStorage(config, async (storage) => {
      const admin = await new AdminService(storage.stores.admins, systemClock).create(username, password);
      io.out(
        JSON.stringify({ Username: admin.username, CreatedAtUtc: new Date(admin.createdAt).toISOString() }),
      );
      return 0;
    });
  },
};
