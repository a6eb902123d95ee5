import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSimulator } from '../support/browser-simulator.ts';
import { FlowFixture, PARTNER_ORIGIN } from '../support/flow-fixture.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

describe('row 31: secrets of a whole connection lifecycle never reach the logs, at trace level', () => {
  let database: TestDatabase;
  let fixture: FlowFixture;
  const account = 'canary';

  beforeAll(async () => {
    database = await (testDatabaseKinds()[0] as { create(): Promise<TestDatabase> }).create();
    fixture = await FlowFixture.start(database, { env: { PLUGBOARD_LOG_LEVEL: 'trace' } });
    await fixture.createAccount(account);
  });
  afterAll(async () => {
    await fixture.close();
    await database.drop();
  });

  it('sign-in token, state, code, PKCE verifier, access and refresh tokens and the client secret stay out', async () => {
    const id = await fixture.install(account, 'Canary CRM');
    const signInToken = await fixture.signInToken(account);
    const browser = new BrowserSimulator();
    const link = fixture.link({
      id: String(id),
      token: signInToken,
      targetOrigin: PARTNER_ORIGIN,
      callbackMessage: 'ok',
    });
    const { callbackUrl, authoriseUrl } = await fixture.toCallback(browser, link);
    const flowCookie = [...browser.cookies(fixture.app.baseUrl).values()][0];
    expect((await browser.request(callbackUrl)).status).toBe(200);
    const first = await fixture.app.stores.connectorCredentials.readCredentials(id);
    // Data on demand, a refresh after expiry, the proxy and deauthentication all run with the tokens.
    await fixture.app.database.db
      .updateTable('account_connectors')
      .set({ token_expires_at: Date.now() - 1 })
      .where('id', '=', id)
      .execute();
    expect(
      (
        await fixture.partner.call('POST', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, {
          account,
          body: {},
        })
      ).status,
    ).toBe(200);
    const second = await fixture.app.stores.connectorCredentials.readCredentials(id);
    expect(
      (
        await fixture.partner.call('GET', `/v1.0/account/connectors/${id}/proxy/parties?perPage=1`, {
          account,
        })
      ).status,
    ).toBe(200);
    const flow = await fixture.app.database.db
      .selectFrom('oauth_flows')
      .selectAll()
      .where('account_connector_id', '=', id)
      .executeTakeFirstOrThrow();
    const verifier = await fixture.app.stores.oauthFlows.readCodeVerifier(flow.id);
    expect(
      (await fixture.partner.call('PUT', `/v1.0/account/connectors/${id}/deauthenticate`, { account }))
        .status,
    ).toBe(200);

    const secrets = {
      signInToken,
      state: new URL(authoriseUrl).searchParams.get('state'),
      code: new URL(callbackUrl).searchParams.get('code'),
      verifier,
      accessToken: first?.credentials.accessToken,
      refreshToken: first?.credentials.refreshToken,
      refreshedAccessToken: second?.credentials.accessToken,
      refreshedRefreshToken: second?.credentials.refreshToken,
      clientSecret: 'capsule-sandbox-secret',
      bearer: fixture.partner.token,
      flowCookie,
    };
    expect(fixture.app.logs.lines.length).toBeGreaterThan(10);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret, name).toBeTruthy();
      expect(fixture.app.logs.text.includes(secret as string), name).toBe(false);
    }
  });
});
