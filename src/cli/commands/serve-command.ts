import { createPlugboard, type Plugboard } from '../../app.ts';
import type { ConfigDefaults } from '../../config/load-config.ts';
import { trackConnections } from '../../http/connection-tracker.ts';
import type { CliCommand, CliIo } from '../cli-io.ts';
import { buildConsole } from '../console-build.ts';
import { loadCliConfig } from '../load-cli-config.ts';
import { waitForStop } from '../stop-signals.ts';
import { expectNoArguments } from './arguments.ts';

/** Builds the console before serving (skipped when the build is newer than its sources). */
async function prepareConsole(plugboard: Plugboard): Promise<void> {
  try {
    const result = await buildConsole();
    if (result.built) plugboard.logger.info({ milliseconds: result.milliseconds }, 'built the console');
    else plugboard.logger.debug('the console build is up to date');
  } catch (error) {
    plugboard.logger.error(
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
  const plugboard = await createPlugboard({ config, runJobs: true });
  if (options.buildConsole) await prepareConsole(plugboard);
  const connections = trackConnections(plugboard.server.server);
  const address = await plugboard.server.listen({ port: config.port, host: config.host });
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
