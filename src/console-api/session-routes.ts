import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type {
  AdminSessionService,
  CurrentAdminSession,
  NewAdminSession,
} from '../domain/admin-sessions/admin-session-service.ts';
import type { FirstAdminSetup } from '../domain/admin-sessions/first-admin-setup.ts';
import { PlugboardError } from '../domain/errors.ts';
import type { HttpServer } from '../http/build-server.ts';
import { requireCsrf, sessionOf } from './admin-session-authenticator.ts';
import type { SessionCookie } from './session-cookie.ts';

export interface SessionRouteDependencies {
  readonly sessions: AdminSessionService;
  readonly setup: FirstAdminSetup;
  readonly cookie: SessionCookie;
}

const SignInBody = Type.Object({
  Username: Type.String({ maxLength: 200 }),
  Password: Type.String({ maxLength: 1024 }),
});

const SetupBody = Type.Object({
  SetupCode: Type.String({ maxLength: 100 }),
  Username: Type.String({ maxLength: 200 }),
  Password: Type.String({ maxLength: 1024 }),
});

const iso = (time: number) => new Date(time).toISOString();

function signedIn(session: NewAdminSession | CurrentAdminSession) {
  return {
    SignedIn: true,
    SetupRequired: false,
    Username: session.username,
    CsrfToken: session.csrfToken,
    ExpiresAtUtc: iso(session.expiresAt),
  };
}

function throttled(retryAfterSeconds: number): PlugboardError {
  return new PlugboardError(
    'rate_limited',
    `Too many failed attempts. Wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'} and try again.`,
    { retryAfterSeconds },
  );
}

/**
 * The console's session endpoints, outside `/v1.0`:
 * - `GET /console-api/session`: who is signed in (always 200; `SignedIn: false` otherwise), and whether
 *   the installation still needs its first admin;
 * - `POST /console-api/session` `{Username, Password}`: signs in, sets the session cookie;
 * - `DELETE /console-api/session`: signs out (needs the CSRF token);
 * - `POST /console-api/setup` `{SetupCode, Username, Password}`: creates the first admin with the code
 *   printed in the server's log, and signs them in.
 */
export async function sessionRoutes(server: HttpServer, deps: SessionRouteDependencies): Promise<void> {
  const { sessions, setup, cookie } = deps;

  const startSession = (reply: FastifyReply, session: NewAdminSession) => {
    reply.setCookie(cookie.name, session.sessionId, {
      ...cookie.options,
      expires: new Date(session.expiresAt),
    });
    return signedIn(session);
  };

  server.get('/console-api/session', async (request, reply) => {
    let session: CurrentAdminSession | null = null;
    try {
      session = await sessionOf(request, sessions, cookie);
    } catch {
      // An ended session is simply "not signed in" here; drop the stale cookie.
      reply.clearCookie(cookie.name, cookie.options);
    }
    if (session) return signedIn(session);
    return { SignedIn: false, SetupRequired: await setup.required() };
  });

  server.post('/console-api/session', { schema: { body: SignInBody } }, async (request, reply) => {
    const username = request.body.Username.trim();
    const result = await sessions.signIn(username, request.body.Password, request.ip);
    if (result.outcome === 'throttled') {
      // The audit trail of lock-outs: who was tried, from where, for how long (never the password).
      request.log.warn(
        {
          audit: 'console_sign_in_locked',
          username: username.slice(0, 200),
          address: request.ip,
          retryAfterSeconds: result.retryAfterSeconds,
        },
        'console sign-in refused: too many failed attempts for this username from this address',
      );
      throw throttled(result.retryAfterSeconds);
    }
    if (result.outcome === 'wrong-credentials') {
      throw new PlugboardError('unauthenticated', 'Wrong username or password.');
    }
    const previous = request.cookies[cookie.name];
    if (previous) await sessions.signOut(previous);
    return startSession(reply, result.session);
  });

  server.delete('/console-api/session', async (request, reply) => {
    const session = await sessionOf(request, sessions, cookie).catch(() => null);
    if (session) {
      requireCsrf(request, sessions, session);
      await sessions.signOut(request.cookies[cookie.name] as string);
    }
    reply.clearCookie(cookie.name, cookie.options);
    return { Message: 'Signed out.' };
  });

  server.post('/console-api/setup', { schema: { body: SetupBody } }, async (request, reply) => {
    const { SetupCode, Username, Password } = request.body;
    const created = await setup.createFirstAdmin(SetupCode, Username.trim(), Password, request.ip);
    if ('retryAfterSeconds' in created) {
      request.log.warn(
        { audit: 'console_setup_locked', address: request.ip, retryAfterSeconds: created.retryAfterSeconds },
        'console setup refused: too many wrong setup codes from this address',
      );
      throw throttled(created.retryAfterSeconds);
    }
    return startSession(reply, await sessions.open(created.adminId, created.username));
  });
}
