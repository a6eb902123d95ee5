import type { FastifyRequest } from 'fastify';
import type {
  AccountSessionService,
  CurrentAccountSession,
} from '../domain/account-sessions/account-session-service.ts';
import { PlugboardError } from '../domain/errors.ts';
import type { AccountSessionCookie } from './account-session-cookie.ts';

/** The header the page sends its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session of an `/account-api` call: 401 without a live one; a state-changing call must also send
 * the session's CSRF token and a JSON body type (an HTML form on another site can send neither).
 */
export async function requireAccountSession(
  request: FastifyRequest,
  sessions: AccountSessionService,
  cookie: AccountSessionCookie,
): Promise<CurrentAccountSession> {
  const sessionId = request.cookies[cookie.name];
  const session = sessionId ? await sessions.current(sessionId) : undefined;
  if (!session) {
    throw new PlugboardError(
      'unauthenticated',
      'Your session has ended. Go back to the app you came from and open its link again.',
    );
  }
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    if (!sessions.csrfMatches(session, Array.isArray(header) ? header[0] : header)) {
      throw new PlugboardError(
        'forbidden',
        'The X-CSRF-Token header is missing or does not match this session.',
      );
    }
  }
  return session;
}
