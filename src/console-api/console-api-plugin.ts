import type { AdminSessionService } from '../domain/admin-sessions/admin-session-service.ts';
import type { FirstAdminSetup } from '../domain/admin-sessions/first-admin-setup.ts';
import { PlugboardError } from '../domain/errors.ts';
import type { HttpServer } from '../http/build-server.ts';
import { consoleAppRoutes } from './console-app-routes.ts';
import { type SandboxPreset, sandboxPresetRoutes } from './sandbox-preset-routes.ts';
import type { SessionCookie } from './session-cookie.ts';
import { sessionRoutes } from './session-routes.ts';

export interface ConsoleDependencies {
  readonly sessions: AdminSessionService;
  readonly setup: FirstAdminSetup;
  readonly cookie: SessionCookie;
  /** Connector setups the console offers when the Capsule sandbox is mounted. */
  readonly sandboxPresets: readonly SandboxPreset[];
  /** Where the built console lives (`dist/console`). */
  readonly consoleDir: string;
}

/**
 * The partner console: the built single-page app at `/console` and its session endpoints under
 * `/console-api`. Everything else the console does goes through the public `/v1.0` API.
 */
export async function consolePlugin(server: HttpServer, deps: ConsoleDependencies): Promise<void> {
  await server.register(async (api: HttpServer) => {
    api.addHook('onRequest', async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      // JSON only: an HTML form on another site cannot send it without a CORS preflight, so it cannot
      // sign a browser in to someone else's console (login CSRF).
      const type = request.headers['content-type'] ?? '';
      if (request.method === 'POST' && !/^application\/json\b/i.test(type)) {
        throw new PlugboardError('unsupported_media_type', 'Send the request body as application/json.');
      }
    });
    await api.register(sessionRoutes, deps);
    await api.register(sandboxPresetRoutes, {
      sessions: deps.sessions,
      cookie: deps.cookie,
      presets: deps.sandboxPresets,
    });
  });
  await server.register(consoleAppRoutes, { consoleDir: deps.consoleDir });
}
