import { CONFIG_DEFAULTS } from '../../config/config-options.ts';
import { type CliCommand, CliError } from '../cli-io.ts';
import { endStartUpMemorySettings } from '../start-up-memory.ts';
import { parseOptions } from './arguments.ts';

/** The OAuth callback of a Plugboard started with the default configuration. */
const DEFAULT_REDIRECT_URI = `http://localhost:${CONFIG_DEFAULTS.port}/connector/callback`;

export const sandboxCommand: CliCommand = {
  words: ['sandbox'],
  usage: 'plugboard sandbox --port <N> [--host H] [--public-url URL] [--redirect-uri URI] [more options]',
  summary: `serve the Capsule sandbox alone at the root, like api.capsulecrm.com (redirect URI default: ${DEFAULT_REDIRECT_URI}); --control-token T sets the token for /control, --state-file PATH keeps its grants across restarts`,
  async run(args, io) {
    const options = parseOptions(
      args,
      {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        'redirect-uri': { type: 'string' },
        'control-token': { type: 'string' },
        'state-file': { type: 'string' },
      },
      'sandbox',
    );
    const portText = typeof options.port === 'string' ? options.port : '';
    if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      throw new CliError('plugboard sandbox needs --port <1-65535>', 2);
    }
    const port = Number(portText);
    const host = typeof options.host === 'string' ? options.host : '127.0.0.1';
    const publicUrl = (
      typeof options['public-url'] === 'string' ? options['public-url'] : `http://localhost:${port}`
    ).replace(/\/+$/, '');
    const redirectUri =
      typeof options['redirect-uri'] === 'string' ? options['redirect-uri'] : DEFAULT_REDIRECT_URI;
    const controlToken = typeof options['control-token'] === 'string' ? options['control-token'] : undefined;
    const stateFile = typeof options['state-file'] === 'string' ? options['state-file'] : undefined;
    // Imported here, not at the top: every other command (serve among them) runs without its code.
    const { buildSandboxServer } = await import('../../sandbox/capsule/index.ts');
    const { server, sandbox } = await buildSandboxServer({
      baseUrl: publicUrl,
      redirectUris: [redirectUri],
      logger: false,
      ...(controlToken ? { controlToken } : {}),
      ...(stateFile ? { stateFile } : {}),
    });
    await server.listen({ port, host });
    endStartUpMemorySettings();
    io.out(
      JSON.stringify({
        Sandbox: publicUrl,
        AuthoriseUrl: `${publicUrl}/oauth/authorise`,
        AccessTokenUrl: `${publicUrl}/oauth/token`,
        ApiBaseUrl: `${publicUrl}/api/v2`,
        // Printed once, to whoever started the sandbox: it opens GET|PUT /control.
        ControlToken: sandbox.controlToken,
      }),
    );
    await new Promise<void>((resolve) => {
      const stop = () =>
        server.close().then(
          () => resolve(),
          () => resolve(),
        );
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    return 0;
  },
};
