import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { apiPlugin } from './api/api-plugin.ts';
import { controlPlugin } from './control-routes.ts';
import { RestHookDelivery } from './hooks/rest-hook-delivery.ts';
import { registerBodyParsers } from './http/body-parsers.ts';
import { clientErrorOf } from './http/client-errors.ts';
import { AuthorizationRequests } from './oauth/authorization-requests.ts';
import { GrantsAndTokens } from './oauth/grants-and-tokens.ts';
import { seededClient } from './oauth/oauth-client.ts';
import { oauthPlugin } from './oauth/oauth-plugin.ts';
import { randomSecret } from './oauth/secrets.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { readSandboxFile, SandboxFileWriter } from './sandbox-file.ts';
import {
  type CapsuleSandbox,
  type CapsuleSandboxOptions,
  validateSandboxOptions,
} from './sandbox-options.ts';
import { createSeededState } from './seed-data.ts';
import { createStats } from './stats.ts';
import { createSwitches } from './switches.ts';

export type { CapsuleSandbox, CapsuleSandboxOptions } from './sandbox-options.ts';
export { TEST_USER } from './seed/reference-seed.ts';
export type { SandboxStats } from './stats.ts';
export type { SandboxSwitches } from './switches.ts';
export { DEFAULT_SWITCHES } from './switches.ts';

/**
 * An in-memory Capsule CRM: its OAuth 2 server and REST API v2 over seeded data, with switches that
 * make it misbehave on purpose. Each call builds an independent sandbox.
 */
export function createCapsuleSandbox(options: CapsuleSandboxOptions): CapsuleSandbox {
  validateSandboxOptions(options);
  const now = options.now ?? Date.now;
  const switches = createSwitches(options.switches);
  const stats = createStats();
  const state = createSeededState(now());
  const client = seededClient(options.redirectUris);
  const saved = options.stateFile ? readSandboxFile(options.stateFile) : undefined;
  const controlToken = options.controlToken ?? saved?.controlToken ?? randomSecret();
  let writer: SandboxFileWriter | null = null;
  const tokens = new GrantsAndTokens(now, saved?.grants, () => writer?.schedule());
  if (options.stateFile) {
    writer = new SandboxFileWriter(options.stateFile, () => ({ controlToken, grants: tokens.snapshot() }));
    writer.flush();
  }
  const hooks = new RestHookDelivery({
    hooks: state.restHooks,
    switches,
    stats,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  });
  const ctx: SandboxContext = {
    baseUrl: options.baseUrl,
    now,
    switches,
    stats,
    state,
    clients: new Map([[client.clientId, client]]),
    authorizations: new AuthorizationRequests(now),
    tokens,
    hooks,
    allowHookTarget: options.allowHookTarget ?? ((url) => isLoopbackName(url.hostname)),
  };
  const plugin: FastifyPluginAsync = async (fastify) => {
    registerBodyParsers(fastify);
    fastify.setErrorHandler(async (error, request, reply) => {
      const clientError = clientErrorOf(error);
      if (clientError === undefined) {
        request.log.error({ err: error }, 'Capsule sandbox route failed');
      }
      return reply
        .code(clientError?.status ?? 500)
        .send({ message: clientError?.message ?? 'Internal Server Error' });
    });
    await fastify.register(oauthPlugin(ctx));
    await fastify.register(
      controlPlugin({
        switches,
        stats,
        controlToken,
        ...(options.authorizeControl ? { authorize: options.authorizeControl } : {}),
      }),
    );
    await fastify.register(apiPlugin(ctx), { prefix: '/api/v2' });
  };
  return {
    plugin,
    client: { clientId: client.clientId, clientSecret: client.clientSecret },
    switches,
    stats,
    controlToken,
    async close() {
      writer?.flush();
      await hooks.close();
    },
  };
}

/** localhost, *.localhost, 127.0.0.0/8 and [::1]: the default REST hook receivers. */
function isLoopbackName(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === '[::1]'
  );
}

/** A standalone server (for `plugboard sandbox --port N` and for tests that run the sandbox in its own process). */
export async function buildSandboxServer(
  options: CapsuleSandboxOptions & { prefix?: string; logger?: boolean },
): Promise<{ server: FastifyInstance; sandbox: CapsuleSandbox }> {
  const { prefix, logger, ...sandboxOptions } = options;
  const sandbox = createCapsuleSandbox(sandboxOptions);
  const server = Fastify({ logger: logger ?? false });
  server.addHook('onClose', async () => sandbox.close());
  await server.register(sandbox.plugin, prefix === undefined || prefix === '' ? {} : { prefix });
  return { server, sandbox };
}
