import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderTokenClient } from '../../src/domain/account-connectors/provider-token-client.ts';
import { Oauth4webapiTokenClient } from '../../src/provider-oauth/oauth4webapi-token-client.ts';
import { BrowserSimulator } from '../support/browser-simulator.ts';
import { FlowFixture, PARTNER_ORIGIN } from '../support/flow-fixture.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

for (const kind of testDatabaseKinds()) {
  describe(`end-user OAuth flow at the HTTP level [${kind.kind}]`, () => {
    let database: TestDatabase;
    let fixture: FlowFixture;
    const account = 'acme';

    beforeAll(async () => {
      database = await kind.create();
      fixture = await FlowFixture.start(database);
      await fixture.createAccount(account);
    });
    afterAll(async () => {
      await fixture.close();
      await database.drop();
    });

    it('popup mode: authenticates, stores the tokens encrypted with Capsule metadata, then posts callbackMessage to the exact origin', async () => {
      const id = await fixture.install(account, 'Popup');
      const browser = new BrowserSimulator();
      const link = fixture.link({
        id: String(id),
        token: await fixture.signInToken(account),
        targetOrigin: PARTNER_ORIGIN,
        callbackMessage: 'capsule-connected',
      });
      const { callbackUrl } = await fixture.toCallback(browser, link);
      const done = await browser.request(callbackUrl);
      expect(done.status).toBe(200);
      const html = await done.text();
      expect(html).toContain('"capsule-connected"');
      expect(html).toContain(`"${PARTNER_ORIGIN}"`);
      expect(html).not.toMatch(/postMessage\([^)]*['"]\*['"]/);
      expect(done.headers.get('cache-control')).toBe('no-store');
      expect(done.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await fixture.accountConnector(account, id)).toMatchObject({
        Authenticated: true,
        AuthStatus: 'Authenticated',
      });
      const stored = await fixture.app.stores.connectorCredentials.readCredentials(id);
      expect(stored?.credentials.metadata).toEqual({ subdomain: 'exampleco' });
      expect(stored?.credentials.refreshToken).toBeTruthy();
      expect(stored?.credentials.expiresAt).toBeGreaterThan(Date.now() + 604_000_000);
    });

    it('redirect mode: without callbackMessage the browser goes to targetOrigin (a URL is kept whole)', async () => {
      const id = await fixture.install(account, 'Redirect');
      const browser = new BrowserSimulator();
      const target = `${PARTNER_ORIGIN}/settings/integrations?connected=capsule`;
      const { callbackUrl } = await fixture.toCallback(
        browser,
        fixture.link({ id: String(id), token: await fixture.signInToken(account), targetOrigin: target }),
      );
      const done = await browser.request(callbackUrl);
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(target);
      expect((await fixture.accountConnector(account, id)).Authenticated).toBe(true);
    });

    it('takes the lower-case Cyclr path and any casing', async () => {
      const id = await fixture.install(account, 'Casing');
      const browser = new BrowserSimulator();
      const token = await fixture.signInToken(account);
      const first = await browser.request(
        fixture.link(
          { id: String(id), token, targetOrigin: PARTNER_ORIGIN },
          '/connectorauth/UpdateAccountConnectorOAuth',
        ),
      );
      expect(first.status).toBe(303);
    });

    it('Deny: shows a clear error page, posts nothing, and leaves the account connector unauthenticated', async () => {
      const id = await fixture.install(account, 'Denied');
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(
        browser,
        fixture.link({
          id: String(id),
          token: await fixture.signInToken(account),
          targetOrigin: PARTNER_ORIGIN,
          callbackMessage: 'done',
        }),
        'deny',
      );
      const page = await browser.request(callbackUrl);
      expect(page.status).toBe(403);
      const html = await page.text();
      expect(html).toContain('Access was not granted.');
      expect(html).toContain('access_denied');
      expect(html).not.toContain('postMessage');
      expect((await fixture.accountConnector(account, id)).AuthStatus).toBe('Unauthenticated');
    });

    it('re-authenticating replaces the credentials atomically (row 47)', async () => {
      const id = await fixture.install(account, 'Again');
      for (let round = 0; round < 2; round++) {
        const browser = new BrowserSimulator();
        const { callbackUrl } = await fixture.toCallback(
          browser,
          fixture.link({
            id: String(id),
            token: await fixture.signInToken(account),
            targetOrigin: PARTNER_ORIGIN,
          }),
        );
        expect((await browser.request(callbackUrl)).status).toBe(303);
      }
      const connector = await fixture.app.stores.accountConnectors.findById(id);
      expect(connector).toMatchObject({ authStatus: 'Authenticated', credentialsVersion: 2 });
      const rows = await fixture.app.database.db
        .selectFrom('account_connectors')
        .select('id')
        .where('name', '=', 'Again')
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('a failed code exchange (wrong client secret) leaves the account connector as it was and says so', async () => {
      const id = await fixture.install(account, 'Bad secret');
      const browser = new BrowserSimulator();
      const { callbackUrl } = await fixture.toCallback(
        browser,
        fixture.link({
          id: String(id),
          token: await fixture.signInToken(account),
          targetOrigin: PARTNER_ORIGIN,
          callbackMessage: 'x',
        }),
      );
      const setups = fixture.app.services.connectorSetups;
      const { CAPSULE_V2 } = await import('../../src/connectors/capsule-v2/index.ts');
      await setups.update(CAPSULE_V2, { clientSecret: 'not-the-secret' });
      try {
        const page = await browser.request(callbackUrl);
        expect(page.status).toBe(502);
        const html = await page.text();
        expect(html).toContain('The provider did not accept the sign-in.');
        expect(html).toContain('client ID or secret was not accepted');
        expect(html).not.toContain('postMessage');
        expect((await fixture.accountConnector(account, id)).AuthStatus).toBe('Unauthenticated');
      } finally {
        await setups.update(CAPSULE_V2, { clientSecret: 'capsule-sandbox-secret' });
      }
    });
  });
}

for (const kind of testDatabaseKinds()) {
  describe(`re-authorisation without a refresh token [${kind.kind}]`, () => {
    let database: TestDatabase;
    let fixture: FlowFixture;
    let omitRefreshToken = false;
    const account = 'acme';

    beforeAll(async () => {
      database = await kind.create();
      const real = new Oauth4webapiTokenClient();
      // A provider that, like Google, sends a refresh token on the first consent only.
      const firstConsentOnly: ProviderTokenClient = {
        refresh: (...args) => real.refresh(...args),
        revoke: (...args) => real.revoke(...args),
        async exchangeCode(exchange) {
          const tokens = await real.exchangeCode(exchange);
          return omitRefreshToken ? { ...tokens, refreshToken: null } : tokens;
        },
      };
      fixture = await FlowFixture.start(database, { tokenClient: firstConsentOnly });
      await fixture.createAccount(account);
    });
    afterAll(async () => {
      await fixture.close();
      await database.drop();
    });

    it('keeps the stored refresh token and replaces the access token', async () => {
      const id = await fixture.install(account, 'Google-like');
      const authorise = async () => {
        const browser = new BrowserSimulator();
        const link = fixture.link({
          id: String(id),
          token: await fixture.signInToken(account),
          targetOrigin: PARTNER_ORIGIN,
        });
        expect((await browser.request((await fixture.toCallback(browser, link)).callbackUrl)).status).toBe(
          303,
        );
      };
      await authorise();
      const first = await fixture.app.stores.connectorCredentials.readCredentials(id);
      omitRefreshToken = true;
      await authorise();
      const second = await fixture.app.stores.connectorCredentials.readCredentials(id);
      expect(second?.credentials.refreshToken).toBe(first?.credentials.refreshToken);
      expect(second?.credentials.accessToken).not.toBe(first?.credentials.accessToken);
      expect(second?.version).toBe((first?.version ?? 0) + 1);
    });
  });
}
