import { openDatabase } from '../../storage/database.ts';
import type { CliCommand } from '../cli-io.ts';
import { loadCliConfig } from '../load-cli-config.ts';
import { expectNoArguments } from './arguments.ts';

export const migrateCommand: CliCommand = {
  words: ['migrate'],
  usage: 'plugboard migrate',
  summary: 'apply pending database migrations (serve also does this at start)',
  async run(args, io) {
    expectNoArguments(args, 'migrate');
    const config = loadCliConfig(io);
    const database = openDatabase(config.database);
    try {
      const applied = await database.migrate();
      io.out(JSON.stringify({ Applied: applied }));
      return 0;
    } finally {
      await database.close();
    }
  },
};
