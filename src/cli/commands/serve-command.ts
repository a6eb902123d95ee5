import { createPlugboard } from '../../app.ts';
import type { ConfigDefaults } from '../../config/load-config.ts';
import { trackConnections } from '../../http/connection-tracker.ts';
import { createLogger, type Logger } from '../../logging/logger.ts';
import type { CliCommand, CliIo } from '../cli-io.ts';
import { buildConsole } from '../console-build.ts';
import { loadCliConfig } from '../load-cli-config.ts';
import { endStartUpMemorySettings } from '../start-up-memory.ts';
import { waitForStop } from '../stop-signals.ts';
import { expectNoArguments } from './arguments.ts';

/**
 * Builds the console (skipped when the build is newer than its sources). Runs before the server is
 * built, so a fresh clone's first start does not warn that the console's files are missing.
 */
async function prepareConsole(logger: Logger): Promise<void> {
  try {
    const result = await buildConsole();
    if (result.built) logger.info({ milliseconds: result.milliseconds }, 'built the console');
    else logger.debug('the console build is up to date');
  } catch (error) {
    logger.error(
      { err: error },
      'the console could not be built; /console explains this, and the partner API works without it',
    );
  }
}

async function serve(
  io: CliIo,
  defaults: ConfigDefaults,
  options: { buildConsole: boolean },
): Promise<number> {
  const config = loadCliConfig(io, defaults);
  if (options.buildConsole) await prepareConsole(createLogger(config.logLevel, config.logFormat));
  const plugboard = await createPlugboard({ config, runJobs: true });
  const connections = trackConnections(plugboard.server.server);
  let address: string;
  try {
    address = await plugboard.server.listen({ port: config.port, host: config.host });
  } catch (error) {
    // A port in use: stop the background work and close the database so the process can exit.
    await plugboard.close();
    throw error;
  }
  plugboard.logger.info(
    {
      address,
      publicUrl: config.publicUrl,
      callbackUrl: config.callbackUrl,
      database: config.database.kind,
      sandbox: config.sandbox,
    },
    `Plugboard is serving ${config.publicUrl}`,
  );
  endStartUpMemorySettings();
  // The first deep pages of accounts start near themselves; losing the samples only costs speed.
  plugboard.services.accounts
    .sampleDefaultOrder()
    .catch((error: unknown) => plugboard.logger.debug({ err: error }, 'Sampling account positions failed'));
  await waitForStop({
    logger: plugboard.logger,
    connections,
    close: () => plugboard.close(),
    graceMs: config.shutdownGraceSeconds * 1000,
    exitNow: (code) => process.exit(code),
    followParent: io.env.npm_lifecycle_event !== undefined,
  });
  return 0;
}

export const serveCommand: CliCommand = {
  words: ['serve'],
  usage: 'plugboard serve',
  summary: 'serve the platform (PLUGBOARD_SANDBOX defaults to off)',
  async run(args, io) {
    expectNoArguments(args, 'serve');
    return serve(io, { sandbox: false }, { buildConsole: false });
  },
};

export const startCommand: CliCommand = {
  words: ['start'],
  usage: 'plugboard start',
  summary:
    'what npm start runs: builds the console if its sources changed, then serves with the Capsule sandbox on while PLUGBOARD_PUBLIC_URL is loopback, unless PLUGBOARD_SANDBOX=off',
  async run(args, io) {
    expectNoArguments(args, 'start');
    return serve(io, { sandbox: true }, { buildConsole: true });
  },
};
