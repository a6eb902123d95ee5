import { ApiClientService } from '../../domain/api-clients/api-client-service.ts';
import { systemClock } from '../../domain/clock.ts';
import type { CliCommand } from '../cli-io.ts';
import { loadCliConfig } from '../load-cli-config.ts';
import { withStorage } from '../with-storage.ts';
import { parseOptions, requiredOption } from './arguments.ts';

export const apiClientCreateCommand: CliCommand = {
  words: ['api-client', 'create'],
  usage: 'plugboard api-client create --name <name>',
  summary: 'create a partner API client; prints {"ClientId","ClientSecret"} once (only a hash is stored)',
  async run(args, io) {
    const options = parseOptions(args, { name: { type: 'string' } }, 'api-client create');
    const name = requiredOption(options.name, 'name', 'api-client create');
    const config = loadCliConfig(io);
    return withStorage(config, async (storage) => {
      const created = await new ApiClientService(storage.stores.apiClients, systemClock).create(name);
      io.out(JSON.stringify({ ClientId: created.clientId, ClientSecret: created.clientSecret }));
      return 0;
    });
  },
};
