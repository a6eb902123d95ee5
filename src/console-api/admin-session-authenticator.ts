import type { FastifyRequest } from 'fastify';
import type {
  AdminSessionService,
  CurrentAdminSession,
} from '../domain/admin-sessions/admin-session-service.ts';
import { PlugboardError } from '../domain/errors.ts';
import type { Authenticator } from '../partner-api/auth/authenticate.ts';
import type { SessionCookie } from './session-cookie.ts';

/** The header the console sends its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request changes state (and so needs the CSRF token when a session cookie authenticates it). */
export function changesState(request: FastifyRequest): boolean {
  return !SAFE_METHODS.has(request.method);
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The session the request's cookie names: `null` without a cookie, 401 when it is unknown or expired. */
export async function sessionOf(
  request: FastifyRequest,
  sessions: AdminSessionService,
  cookie: SessionCookie,
): Promise<CurrentAdminSession | null> {
  const sessionId = request.cookies[cookie.name];
  if (!sessionId) return null;
  const session = await sessions.current(sessionId);
  if (!session) throw new PlugboardError('unauthenticated', 'Your console session has ended. Sign in again.');
  return session;
}

/** Refuses a state-changing request whose `X-CSRF-Token` is not the session's. */
export function requireCsrf(
  request: FastifyRequest,
  sessions: AdminSessionService,
  session: CurrentAdminSession,
): void {
  if (changesState(request) && !sessions.csrfMatches(session, headerValue(request, CSRF_HEADER))) {
    throw new PlugboardError(
      'forbidden',
      'The X-CSRF-Token header is missing or does not match this console session.',
    );
  }
}

/**
 * Lets the console call `/v1.0` with its session cookie: the caller becomes an `admin` principal, and
 * every state-changing call must carry the session's CSRF token. It runs after the bearer
 * authenticator, so partner backends with a bearer token are unaffected.
 */
export function adminSessionAuthenticator(
  sessions: AdminSessionService,
  cookie: SessionCookie,
): Authenticator {
  return async (request) => {
    const session = await sessionOf(request, sessions, cookie);
    if (!session) return null;
    requireCsrf(request, sessions, session);
    return { kind: 'admin', adminId: session.adminId, username: session.username };
  };
}

/**
 * True when the request carries a live console session (and, for a state-changing request, its CSRF
 * token): for other parts of Plugboard that only console admins may use (the sandbox's control).
 */
export function consoleAdminCheck(
  sessions: AdminSessionService,
  cookie: SessionCookie,
): (request: FastifyRequest) => Promise<boolean> {
  return async (request) => {
    try {
      const session = await sessionOf(request, sessions, cookie);
      if (!session) return false;
      requireCsrf(request, sessions, session);
      return true;
    } catch {
      return false;
    }
  };
}
