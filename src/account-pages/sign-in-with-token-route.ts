import type { FastifyRequest } from 'fastify';
import { escapeHtml, pageShell, securePage } from '../browser-auth/page-security.ts';
import type { AccountSessionService } from '../domain/account-sessions/account-session-service.ts';
import type { HttpServer } from '../http/build-server.ts';
import type { AccountSessionCookie } from './account-session-cookie.ts';

const REFUSED: Readonly<Record<'unknown' | 'expired' | 'used' | 'missing', string>> = {
  missing: 'This sign-in link is incomplete.',
  unknown: 'This sign-in link is not valid.',
  expired: 'This sign-in link has expired (links last 5 minutes).',
  used: 'This sign-in link has already been used (each link works once).',
};

function tokenOf(request: FastifyRequest): string | null {
  const url = request.raw.url ?? '';
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  const tokens = query.getAll('token');
  return tokens.length === 1 ? (tokens[0] as string) : null;
}

/**
 * `GET /account/signinwithtoken?token=…[&returnUrl=…]`: Cyclr's embedded sign-in link. It spends the
 * one-time token, opens a session bound to the token's account, and redirects — taking the token out of
 * the address bar — to the LAUNCH page for a LAUNCH token, or to the account page for a sign-in token.
 * `returnUrl` is accepted for Cyclr's links and otherwise ignored: where the user goes is decided by
 * the token, never by the URL, so the link cannot be turned into an open redirect.
 */
export async function signInWithTokenRoute(
  server: HttpServer,
  deps: { readonly sessions: AccountSessionService; readonly cookie: AccountSessionCookie },
): Promise<void> {
  server.get('/account/signinwithtoken', async (request, reply) => {
    const token = tokenOf(request);
    const outcome = token
      ? await deps.sessions.signInWithToken(token)
      : ({ ok: false, reason: 'missing' } as const);
    const nonce = securePage(reply, []);
    if (!outcome.ok) {
      const body = `<h1>${escapeHtml(REFUSED[outcome.reason])}</h1>
<p>Go back to the app you came from and open its link again.</p>
<p class="code">Error code: sign_in_token_${escapeHtml(outcome.reason)}</p>`;
      reply.header('Plugboard-Error-Code', `sign_in_token_${outcome.reason}`);
      return reply
        .status(outcome.reason === 'missing' ? 400 : 403)
        .type('text/html; charset=utf-8')
        .send(pageShell(nonce, 'Sign-in failed', body));
    }
    const { session } = outcome;
    reply.setCookie(deps.cookie.name, session.sessionId, {
      ...deps.cookie.options,
      expires: new Date(session.expiresAt),
    });
    return reply.redirect(session.launch ? '/launch' : '/account', 303);
  });
}
