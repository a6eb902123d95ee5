import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { BrowserSimulator } from '../support/browser-simulator.ts';
import { FIXTURE_CONNECTOR } from '../support/fixture-connectors.ts';
import { FlowFixture, PARTNER_ORIGIN } from '../support/flow-fixture.ts';
import { refuseWrites } from '../support/refuse-writes.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

/** A connector whose provider announces RFC 9207 (`authorization_response_iss_parameter_supported`). */
const ISS_ANNOUNCING = {
  ...FIXTURE_CONNECTOR,
  auth: { ...FIXTURE_CONNECTOR.auth, issParameterSupported: true },
};

/** Rows 1–32 of the attack and fault table that apply to the browser flow, each named after its row. */
for (const kind of testDatabaseKinds()) {
  describe(`OAuth flow attack table [${kind.kind}]`, () => {
    let database: TestDatabase;
    let fixture: FlowFixture;
    const account = 'acme';
    const other = 'globex';
    const sandbox = () => fixture.app.sandbox as NonNullable<FlowFixture['app']['sandbox']>;

    async function setUpFixtureConnector(): Promise<void> {
      await fixture.app.services.connectorSetups.update(ISS_ANNOUNCING, {
        clientId: 'capsule-sandbox-client',
        clientSecret: 'capsule-sandbox-secret',
        authoriseUrl: `${fixture.sandboxBase}/oauth/authorise?scope=read+write`,
        accessTokenUrl: `${fixture.sandboxBase}/oauth/token`,
        apiBaseUrl: `${fixture.sandboxBase}/api/v2`,
      });
    }

    async function freshLink(extra: Record<string, string> = {}) {
      const id = await fixture.install(account, `c-${Math.random().toString(36).slice(2)}`);
      return {
        id,
        link: fixture.link({
          id: String(id),
          token: await fixture.signInToken(account),
          targetOrigin: PARTNER_ORIGIN,
          ...extra,
        }),
      };
    }

    beforeAll(async () => {
      database = await kind.create();
      fixture = await FlowFixture.start(database, { connectors: [CAPSULE_V2, ISS_ANNOUNCING] });
      await fixture.createAccount(account);
      await fixture.createAccount(other);
    });
    afterAll(async () => {
      await fixture.close();
      await database.drop();
    });

    it('row 1: a sign-in token used twice gets a 4xx page and no provider redirect', async () => {
      const { link } = await freshLink();
      expect((await new BrowserSimulator().request(link)).status).toBe(303);
      const again = await new BrowserSimulator().request(link);
      expect(again.status).toBe(403);
      expect(again.headers.get('location')).toBeNull();
      expect(await again.text()).toContain('already been used');
    });

    it('row 2: a sign-in token past its 5 minutes is refused', async () => {
      const { link } = await freshLink();
      await fixture.app.database.db
        .updateTable('sign_in_tokens')
        .set({ expires_at: Date.now() - 1 })
        .where('used_at', 'is', null)
        .execute();
      const response = await new BrowserSimulator().request(link);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('expired');
    });

    it("row 3: a token for one account with another account's connector id starts no flow", async () => {
      const theirs = await fixture.install(other, 'Theirs');
      const link = fixture.link({
        id: String(theirs),
        token: await fixture.signInToken(account),
        targetOrigin: PARTNER_ORIGIN,
      });
      const response = await new BrowserSimulator().request(link);
      expect(response.status).toBe(404);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(
        await fixture.app.database.db
          .selectFrom('oauth_flows')
          .select('id')
          .where('account_connector_id', '=', theirs)
          .execute(),
      ).toEqual([]);
    });

    it.each([
      'https://evil.example',
      'javascript:alert(document.domain)',
      '//evil.example',
      'https://partner.example.evil.example',
      'https://partner.example@evil.example',
      'http://partner.example',
      'https://partner.example:8443',
      'https://evilpartner.example',
      'data:text/html,<script>alert(1)</script>',
    ])(
      'row 4: targetOrigin %s gets a 400 page, no redirect, no cookie, and does not spend the token',
      async (targetOrigin) => {
        const id = await fixture.install(account, `t-${Math.random().toString(36).slice(2)}`);
        const token = await fixture.signInToken(account);
        const response = await new BrowserSimulator().request(
          fixture.link({ id: String(id), token, targetOrigin }),
        );
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
        expect(response.headers.get('set-cookie')).toBeNull();
        expect(await response.text()).not.toContain('postMessage');
        const good = await new BrowserSimulator().request(
          fixture.link({ id: String(id), token, targetOrigin: PARTNER_ORIGIN }),
        );
        expect(good.status).toBe(303);
      },
    );

    it('row 5: the start URL strips the token with a redirect; no referrer, no third-party content', async () => {
      const { link } = await freshLink();
      const token = new URL(link).searchParams.get('token') as string;
      const response = await new BrowserSimulator().request(link);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).not.toContain(token);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    });

    it('row 6: the authorize request has a ≥128-bit state, an S256 challenge, the exact redirect URI and keeps the setup scope', async () => {
      const { link } = await freshLink();
      const { url } = await new BrowserSimulator().follow(link, (next) => next.includes('/oauth/authorise'));
      const authorize = new URL(url);
      const params = authorize.searchParams;
      expect(params.get('response_type')).toBe('code');
      expect(params.get('client_id')).toBe('capsule-sandbox-client');
      expect(params.get('redirect_uri')).toBe(fixture.app.config.callbackUrl);
      expect(params.get('scope')).toBe('read write');
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(params.get('state') ?? '', 'base64url').length).toBeGreaterThanOrEqual(16);
      expect(params.getAll('state')).toHaveLength(1);
    });

    it('row 7: the flow cookie is HttpOnly, SameSite=Lax, path / (and __Host- with Secure on https)', async () => {
      const { link } = await freshLink();
      const response = await new BrowserSimulator().request(link);
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^pb_flow_[A-Za-z0-9_-]+=/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Lax');
      expect(cookie).toContain('Path=/');
      const { FlowCookies } = await import('../../src/browser-auth/flow-cookie.ts');
      const secure = new FlowCookies('https://connect.example.com').set('f1', 'v', 600);
      expect(secure).toMatch(/^__Host-pb_flow_f1=v; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/);
    });

    it('row 8: pages may be framed only by the allowed origins', async () => {
      const page = await new BrowserSimulator().request(
        fixture.link({ id: '1', token: 'nope', targetOrigin: PARTNER_ORIGIN }),
      );
      expect(page.headers.get('content-security-policy')).toContain(
        `frame-ancestors ${PARTNER_ORIGIN} http://localhost:5173`,
      );
    });

    it('row 9: a forwarded link completed in another browser (no flow cookie) is refused before the provider', async () => {
      const { link } = await freshLink();
      const attacker = new BrowserSimulator();
      const start = await attacker.request(link);
      const continueUrl = new URL(start.headers.get('location') ?? '', fixture.app.baseUrl).href;
      const victim = new BrowserSimulator();
      const response = await victim.request(continueUrl);
      expect(response.status).toBe(403);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('another browser');
    });

    it('rows 10 and 11: a callback without state, or with a forged one, is refused with no token request', async () => {
      const before = sandbox().stats.tokenRequests;
      const missing = await new BrowserSimulator().request(
        `${fixture.app.baseUrl}/connector/callback?code=abc`,
      );
      expect(missing.status).toBe(400);
      const forged = await new BrowserSimulator().request(
        `${fixture.app.baseUrl}/connector/callback?code=abc&state=forged-state-value`,
      );
      expect(forged.status).toBe(400);
      expect(await forged.text()).toContain('does not belong to a sign-in we started');
      expect(sandbox().stats.tokenRequests).toBe(before);
    });

    it('rows 12 and 23: a replayed callback (double click) makes exactly one code exchange', async () => {
      const { id, link } = await freshLink();
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(browser, link);
      const cookies = browser.cookieHeader(fixture.app.baseUrl);
      const before = sandbox().stats.authorizationCodeGrants;
      const [a, b] = await Promise.all([
        fetch(callbackUrl, { headers: { cookie: cookies }, redirect: 'manual' }),
        fetch(callbackUrl, { headers: { cookie: cookies }, redirect: 'manual' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([303, 409]);
      expect(sandbox().stats.authorizationCodeGrants - before).toBe(1);
      expect((await fixture.accountConnector(account, id)).Authenticated).toBe(true);
    });

    it('row 13: a valid state from another browser (CSRF) is refused, and the real browser can still finish', async () => {
      const { id, link } = await freshLink();
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(browser, link);
      const csrf = await new BrowserSimulator().request(callbackUrl);
      expect(csrf.status).toBe(403);
      expect((await fixture.accountConnector(account, id)).Authenticated).toBe(false);
      expect((await browser.request(callbackUrl)).status).toBe(303);
      expect((await fixture.accountConnector(account, id)).Authenticated).toBe(true);
    });

    it('row 14: a state older than 10 minutes is refused', async () => {
      const { id, link } = await freshLink();
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(browser, link);
      await fixture.app.database.db
        .updateTable('oauth_flows')
        .set({ expires_at: Date.now() - 1 })
        .where('account_connector_id', '=', id)
        .execute();
      const response = await browser.request(callbackUrl);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('took too long');
    });

    it('row 15: duplicated code, state or iss parameters are refused', async () => {
      const { link } = await freshLink();
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(browser, link);
      for (const extra of ['&code=injected', '&state=other', '&iss=a&iss=b']) {
        const response = await browser.request(callbackUrl + extra);
        expect(response.status, extra).toBe(400);
      }
      expect((await browser.request(callbackUrl)).status).toBe(303);
    });

    it('row 16: an iss that is not the configured issuer is refused before the token request', async () => {
      await fixture.app.services.connectorSetups.update(CAPSULE_V2, { issuer: 'https://issuer.example' });
      sandbox().switches.sendIssuer = true;
      try {
        const { id, link } = await freshLink();
        const browser = new BrowserSimulator();
        const { callbackUrl } = await fixture.toCallback(browser, link);
        expect(new URL(callbackUrl).searchParams.get('iss')).toBe(fixture.sandboxBase);
        const before = sandbox().stats.tokenRequests;
        const response = await browser.request(callbackUrl);
        expect(response.status).toBe(400);
        expect(sandbox().stats.tokenRequests).toBe(before);
        expect((await fixture.accountConnector(account, id)).Authenticated).toBe(false);
      } finally {
        sandbox().switches.sendIssuer = false;
        await fixture.app.services.connectorSetups.update(CAPSULE_V2, { issuer: null });
      }
    });

    it('row 16 (no issuer set): an iss from another origin than the Authorise URL is refused; the right one passes', async () => {
      sandbox().switches.sendIssuer = true;
      try {
        const { link } = await freshLink();
        const browser = new BrowserSimulator();
        const { callbackUrl } = await fixture.toCallback(browser, link);
        const tampered = new URL(callbackUrl);
        tampered.searchParams.set('iss', 'https://evil.example');
        expect((await browser.request(tampered.href)).status).toBe(400);
        const second = await freshLink();
        const browser2 = new BrowserSimulator();
        const { callbackUrl: honest } = await fixture.toCallback(browser2, second.link);
        expect((await browser2.request(honest)).status).toBe(303);
      } finally {
        sandbox().switches.sendIssuer = false;
      }
    });

    it('row 17: a response without iss is refused when the provider announces RFC 9207', async () => {
      await setUpFixtureConnector();
      const id = await fixture.install(
        account,
        `iss-${Math.random().toString(36).slice(2)}`,
        String(FIXTURE_CONNECTOR.id),
      );
      const link = fixture.link({
        id: String(id),
        token: await fixture.signInToken(account),
        targetOrigin: PARTNER_ORIGIN,
      });
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(browser, link);
      expect(new URL(callbackUrl).searchParams.has('iss')).toBe(false);
      const before = sandbox().stats.tokenRequests;
      const response = await browser.request(callbackUrl);
      expect(response.status).toBe(400);
      expect(sandbox().stats.tokenRequests).toBe(before);
      expect((await fixture.accountConnector(account, id)).Authenticated).toBe(false);
    });

    it('row 18: a code is exchanged only at the token URL the flow started with, even if the setup changes mid-flow', async () => {
      const received: string[] = [];
      const malicious: Server = createServer((request, response) => {
        received.push(request.url ?? '');
        response.writeHead(500).end();
      });
      await new Promise<void>((resolve) => malicious.listen(0, '127.0.0.1', resolve));
      const { port } = malicious.address() as { port: number };
      try {
        const { id, link } = await freshLink();
        const browser = new BrowserSimulator();
        const { callbackUrl } = await fixture.toCallback(browser, link);
        await fixture.app.services.connectorSetups.update(CAPSULE_V2, {
          accessTokenUrl: `http://127.0.0.1:${port}/oauth/token`,
        });
        expect((await browser.request(callbackUrl)).status).toBe(303);
        expect(received).toEqual([]);
        expect((await fixture.accountConnector(account, id)).Authenticated).toBe(true);
      } finally {
        await fixture.app.services.connectorSetups.update(CAPSULE_V2, {
          accessTokenUrl: `${fixture.sandboxBase}/oauth/token`,
        });
        malicious.close();
      }
    });

    it('row 20: a code injected from another session fails PKCE and stores nothing', async () => {
      const attackerFlow = await freshLink();
      const attacker = new BrowserSimulator();
      const attackerCallback = new URL((await fixture.toCallback(attacker, attackerFlow.link)).callbackUrl);
      const victimFlow = await freshLink();
      const victim = new BrowserSimulator();
      const victimCallback = new URL((await fixture.toCallback(victim, victimFlow.link)).callbackUrl);
      victimCallback.searchParams.set('code', attackerCallback.searchParams.get('code') ?? '');
      const response = await victim.request(victimCallback.href);
      expect(response.status).toBe(502);
      expect((await fixture.accountConnector(account, victimFlow.id)).Authenticated).toBe(false);
      expect(await fixture.app.stores.connectorCredentials.readCredentials(victimFlow.id)).toBeUndefined();
    });

    it('row 21: a crafted error_description is shown escaped and nothing is posted', async () => {
      const { link } = await freshLink({ callbackMessage: 'done' });
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(browser, link);
      const url = new URL(callbackUrl);
      url.searchParams.delete('code');
      url.searchParams.set('error', 'access_denied');
      url.searchParams.set('error_description', '<img src=x onerror=alert(1)></p><script>alert(2)</script>');
      const response = await browser.request(url.href);
      const html = await response.text();
      expect(response.status).toBe(403);
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<script>alert(2)');
      expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
      expect(html).not.toContain('postMessage');
    });

    it('row 22: the completion page posts to the exact origin, never *, with no third-party content and no caching', async () => {
      const { link } = await freshLink({ callbackMessage: '</script><script>alert(1)</script>' });
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(browser, link);
      const response = await browser.request(callbackUrl);
      const html = await response.text();
      expect(html).toContain(`o="${PARTNER_ORIGIN}"`);
      expect(html).not.toContain("'*'");
      expect(html).not.toContain('</script><script>alert(1)');
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const nonce = /script-src 'nonce-([^']+)'/.exec(
        response.headers.get('content-security-policy') ?? '',
      )?.[1];
      expect(html).toContain(`<script nonce="${nonce}">`);
    });

    it('row 25: a failing database write after the exchange fails closed: error page, nothing stored, nothing posted', async () => {
      const { id, link } = await freshLink({ callbackMessage: 'done' });
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(browser, link);
      // A real write failure in the database itself: every update of account connectors is refused.
      const allow = await refuseWrites(
        fixture.app.database.db,
        fixture.app.database.dialect,
        'account_connectors',
        'update',
      );
      try {
        const response = await browser.request(callbackUrl);
        expect(response.status).toBe(500);
        const html = await response.text();
        expect(html).toContain('could not be saved');
        expect(html).not.toContain('postMessage');
      } finally {
        await allow();
      }
      expect((await fixture.accountConnector(account, id)).AuthStatus).toBe('Unauthenticated');
      // The cause reaches the log, so an operator can see why; the page only says it could not be saved.
      const logged = fixture.app.logs.lines
        .map((line) => JSON.parse(line) as { msg?: string; err?: { message?: string } })
        .find((line) => line.msg === 'the OAuth callback could not finish');
      expect(logged?.err?.message).toBeTruthy();
    });

    it('row 26: after a flow, raw rows hold no token, code, state or verifier in clear', async () => {
      const { id, link } = await freshLink();
      const browser = new BrowserSimulator();
      const { callbackUrl, authoriseUrl } = await fixture.toCallback(browser, link);
      await browser.request(callbackUrl);
      const stored = await fixture.app.stores.connectorCredentials.readCredentials(id);
      const secrets = [
        stored?.credentials.accessToken,
        stored?.credentials.refreshToken,
        new URL(callbackUrl).searchParams.get('code'),
        new URL(authoriseUrl).searchParams.get('state'),
        new URL(link).searchParams.get('token'),
      ];
      const rows = JSON.stringify({
        connectors: await fixture.app.database.db.selectFrom('account_connectors').selectAll().execute(),
        flows: await fixture.app.database.db.selectFrom('oauth_flows').selectAll().execute(),
        tokens: await fixture.app.database.db.selectFrom('sign_in_tokens').selectAll().execute(),
      });
      for (const secret of secrets) {
        expect(secret).toBeTruthy();
        expect(rows).not.toContain(secret);
      }
    });

    it('row 32: partner API responses never carry tokens or the client secret, and are not cacheable', async () => {
      const { id, link } = await freshLink();
      const browser = new BrowserSimulator();
      await browser.request((await fixture.toCallback(browser, link)).callbackUrl);
      const stored = await fixture.app.stores.connectorCredentials.readCredentials(id);
      for (const url of [
        `/v1.0/account/connectors/${id}`,
        '/v1.0/account/connectors',
        `/v1.0/connectors/${CAPSULE_V2.id}/setup`,
      ]) {
        const response = await fixture.partner.call('GET', url, { account });
        expect(response.headers['cache-control']).toBe('no-store');
        for (const secret of [
          stored?.credentials.accessToken,
          stored?.credentials.refreshToken,
          'capsule-sandbox-secret',
        ]) {
          expect(response.text).not.toContain(secret);
        }
      }
    });
  });
}
