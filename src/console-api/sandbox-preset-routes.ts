import type { AdminSessionService } from '../domain/admin-sessions/admin-session-service.ts';
import { PlugboardError } from '../domain/errors.ts';
import type { HttpServer } from '../http/build-server.ts';
import { sessionOf } from './admin-session-authenticator.ts';
import type { SessionCookie } from './session-cookie.ts';

/** A connector setup that points at the built-in Capsule sandbox, offered by the console's Setup page. */
export interface SandboxPreset {
  readonly ConnectorName: string;
  readonly ConnectorVersion: string;
  readonly ClientId: string;
  readonly ClientSecret: string;
  readonly AuthoriseUrl: string;
  readonly AccessTokenUrl: string;
  readonly ApiBaseUrl: string;
  readonly Scopes: string | null;
}

/**
 * The Capsule v2 setup that points at the sandbox mounted at `baseUrl`, with its seeded app. The scope
 * goes in the Authorise URL, as Cyclr's guide does for the real Capsule.
 */
export function capsuleSandboxPreset(
  sandbox: { readonly client: { readonly clientId: string; readonly clientSecret: string } },
  baseUrl: string,
): SandboxPreset {
  return {
    ConnectorName: 'Capsule',
    ConnectorVersion: 'v2',
    ClientId: sandbox.client.clientId,
    ClientSecret: sandbox.client.clientSecret,
    AuthoriseUrl: `${baseUrl}/oauth/authorise?scope=read+write`,
    AccessTokenUrl: `${baseUrl}/oauth/token`,
    ApiBaseUrl: `${baseUrl}/api/v2`,
    Scopes: null,
  };
}

/**
 * `GET /console-api/sandbox`: `{Enabled:false}`, or `{Enabled:true, Presets:[…]}` with the sandbox's
 * seeded OAuth app when `PLUGBOARD_SANDBOX=on`. Signed-in admins only.
 */
export async function sandboxPresetRoutes(
  server: HttpServer,
  deps: {
    readonly sessions: AdminSessionService;
    readonly cookie: SessionCookie;
    readonly presets: readonly SandboxPreset[];
  },
): Promise<void> {
  server.get('/console-api/sandbox', async (request) => {
    if (!(await sessionOf(request, deps.sessions, deps.cookie))) {
      throw new PlugboardError('unauthenticated', 'Sign in to the console first.');
    }
    return deps.presets.length === 0
      ? { Enabled: false, Presets: [] }
      : { Enabled: true, Presets: deps.presets };
  });
}
