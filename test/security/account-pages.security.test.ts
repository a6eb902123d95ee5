import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorDefinition } from '../../src/connectors/connector-definition.ts';
import { hashToken } from '../../src/crypto/tokens.ts';
import { ACCOUNT_SESSION_LIFETIME_MS } from '../../src/domain/account-sessions/account-session-service.ts';
import { readNewAccount } from '../../src/partner-api/accounts/account-body.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

/**
 * The end user's pages against the attacks that matter for a link that signs someone in: replayed,
 * expired and forged tokens, a session used past its end or against another account, state changes
 * without the CSRF token, and the session cookie reaching the partner API.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the LAUNCH and account pages' security [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: TestPlugboard;
    let now = Date.UTC(2026, 2, 1, 12);

    const signIn = async (token: string) => {
      const response = await app.server.inject({
        method: 'GET',
        url: `/account/signinwithtoken?token=${encodeURIComponent(token)}&returnUrl=https://evil.example/`,
      });
      const cookie = [response.headers['set-cookie']]
        .flat()
        .find((c) => c?.startsWith('pb_account_session='));
      return { response, cookie: cookie?.split(';')[0] ?? null, setCookie: cookie ?? null };
    };
    const api = (method: 'GET' | 'POST', url: string, cookie: string | null, csrf?: string) =>
      app.server.inject({
        method,
        url,
        headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      });

    beforeAll(async () => {
      database = await kind.create();
      app = await startTestPlugboard(database, { clock: () => now });
      for (const id of ['acme', 'globex'])
        await app.services.accounts.create(readNewAccount({ Id: id, Name: id }));
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('signs in once with a token, sets a strict HttpOnly cookie and never follows returnUrl', async () => {
      const { token: Token } = await app.services.signInTokens.issue('acme', 'jo');
      const first = await signIn(Token);
      expect(first.response.statusCode).toBe(303);
      expect(first.response.headers.location).toBe('/account');
      expect(first.setCookie).toMatch(/HttpOnly/i);
      expect(first.setCookie).toMatch(/SameSite=Strict/i);
      expect(first.setCookie).toMatch(/Path=\//);
      const replay = await signIn(Token);
      expect(replay.response.statusCode).toBe(403);
      expect(replay.cookie).toBeNull();
      expect(replay.response.body).toContain('already been used');
      expect(replay.response.body).not.toContain(Token);
    });

    it('refuses an expired and a made-up token, and a repeated token parameter', async () => {
      const { token: Token } = await app.services.signInTokens.issue('acme', 'jo');
      now += 5 * 60_000 + 1;
      expect((await signIn(Token)).response.statusCode).toBe(403);
      expect((await signIn('x'.repeat(43))).response.statusCode).toBe(403);
      const twice = await app.server.inject({
        method: 'GET',
        url: '/account/signinwithtoken?token=a&token=b',
      });
      expect(twice.statusCode).toBe(400);
    });

    it('keeps only hashes of the session id and its CSRF token', async () => {
      const { token: Token } = await app.services.signInTokens.issue('acme', 'jo');
      const { cookie } = await signIn(Token);
      const sessionId = (cookie as string).split('=')[1] as string;
      const csrf = (await api('GET', '/account-api/session', cookie)).json().CsrfToken as string;
      const rows = await app.database.db.selectFrom('account_sessions').selectAll().execute();
      expect(rows.some((r) => r.session_hash === hashToken(sessionId))).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(sessionId);
      expect(JSON.stringify(rows)).not.toContain(csrf);
    });

    it('answers only for the session’s own account, and changes nothing without the CSRF token', async () => {
      const { token: Token } = await app.services.signInTokens.issue('acme', 'jo');
      const { cookie } = await signIn(Token);
      const session = (await api('GET', '/account-api/session', cookie)).json();
      expect(session).toMatchObject({ AccountId: 'acme', Mode: 'account', Launch: null });
      const theirs = await app.services.accountConnectors.install(
        'globex',
        app.services.catalog.byName('Capsule', 'v2')[0] as ConnectorDefinition,
        { name: 'Globex Capsule' },
      );
      const listed = (await api('GET', '/account-api/connectors', cookie)).json();
      expect(listed.map((c: { Id: number }) => c.Id)).not.toContain(theirs.id);
      expect(
        (await api('POST', `/account-api/connectors/${theirs.id}/authorize`, cookie, session.CsrfToken))
          .statusCode,
      ).toBe(404);
      expect((await api('POST', `/account-api/connectors/${theirs.id}/authorize`, cookie)).statusCode).toBe(
        403,
      );
      expect((await api('POST', '/account-api/complete', cookie, 'wrong')).statusCode).toBe(403);
      // An account page (not LAUNCH) has no result to report.
      expect((await api('POST', '/account-api/complete', cookie, session.CsrfToken)).statusCode).toBe(404);
    });

    it('never lets the session cookie reach the partner API', async () => {
      const { token: Token } = await app.services.signInTokens.issue('acme', 'jo');
      const { cookie } = await signIn(Token);
      for (const url of ['/v1.0/accounts', '/v1.0/account/connectors', '/v1.0/settings']) {
        const response = await app.server.inject({
          method: 'GET',
          url,
          headers: { cookie: cookie as string, 'x-cyclr-account': 'acme' },
        });
        expect(response.statusCode, url).toBe(401);
      }
    });

    it('ends the session after an hour, and at sign-out', async () => {
      const { token: Token } = await app.services.signInTokens.issue('acme', 'jo');
      const { cookie } = await signIn(Token);
      const csrf = (await api('GET', '/account-api/session', cookie)).json().CsrfToken as string;
      const out = await app.server.inject({
        method: 'DELETE',
        url: '/account-api/session',
        headers: { cookie: cookie as string, 'x-csrf-token': csrf },
      });
      expect(out.statusCode).toBe(200);
      expect((await api('GET', '/account-api/session', cookie)).statusCode).toBe(401);

      const second = await signIn((await app.services.signInTokens.issue('acme', 'jo')).token);
      expect((await api('GET', '/account-api/session', second.cookie)).statusCode).toBe(200);
      now += ACCOUNT_SESSION_LIFETIME_MS;
      const late = await api('GET', '/account-api/session', second.cookie);
      expect(late.statusCode).toBe(401);
      expect(Object.keys(late.json())).toEqual(['Message']);
    });
  });
}
