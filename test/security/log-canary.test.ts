import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, listen } from '../support/api-harness.ts';
import { ConsoleSession } from '../support/console-session.ts';
import type { TestDatabase } from '../support/test-databases.ts';
import { testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

/** Distinctive values that must never appear in a log line, whatever the log level. */
const CANARIES = {
  bearer: 'canary-bearer-7f3a9c',
  signInToken: 'canary-signin-41d2e8',
  code: 'canary-code-0b6f1d',
  state: 'canary-state-c83e57',
  cookie: 'canary-cookie-9ad144',
  clientSecret: 'canary-client-secret-5e2b90',
  password: 'canary-password-3c71f0aa',
  csrf: 'canary-csrf-88b1e4',
};

describe('row 31: canary secrets never reach the logs', () => {
  let database: TestDatabase;
  let app: TestPlugboard;

  beforeAll(async () => {
    database = await (testDatabaseKinds()[0] as { create(): Promise<TestDatabase> }).create();
    app = await startTestPlugboard(database, { env: { PLUGBOARD_LOG_LEVEL: 'trace' } });
    await listen(app);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('redacts Authorization, cookies and secret query values at trace level', async () => {
    await app.server.inject({
      method: 'GET',
      url: `/v1.0/accounts?token=${CANARIES.signInToken}`,
      headers: { authorization: `Bearer ${CANARIES.bearer}`, cookie: `pb_flow=${CANARIES.cookie}` },
    });
    await app.server.inject({
      method: 'GET',
      url: `/connector/callback?code=${CANARIES.code}&state=${CANARIES.state}`,
    });
    await app.server.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=x&client_secret=${CANARIES.clientSecret}`,
    });
    expect(app.logs.lines.length).toBeGreaterThan(3);
    for (const canary of Object.values(CANARIES)) expect(app.logs.text).not.toContain(canary);
  });

  it('keeps a real sign-in token and client secret out of the logs through real calls', async () => {
    const client = await app.services.apiClients.create('Canary backend');
    const secrets: string[] = [client.clientSecret];
    for (const transport of ['in-process', 'HTTP'] as const) {
      const anonymous = apiCaller(app, transport);
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).toString();
      const issued = await anonymous('POST', '/oauth/token', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        rawBody: form,
      });
      const accessToken = issued.json().access_token as string;
      secrets.push(accessToken);
      const call = apiCaller(app, transport, () => accessToken);
      const account = `canary-${transport === 'HTTP' ? 'http' : 'inject'}`;
      expect((await call('POST', '/v1.0/accounts', { body: { Id: account, Name: 'Canary' } })).status).toBe(
        200,
      );
      const minted = await call('POST', `/v1.0/accounts/${account}/signintoken`, {
        body: { Username: 'canary' },
        headers: { 'idempotency-key': `canary-${transport}` },
      });
      const signInToken = minted.json().Token as string;
      secrets.push(signInToken);
      await call('POST', `/v1.0/accounts/${account}/signintoken`, {
        body: { Username: 'canary' },
        headers: { 'idempotency-key': `canary-${transport}` },
      });
      await anonymous(
        'GET',
        `/connectorauth/updateaccountconnectoroauth?id=1&token=${encodeURIComponent(signInToken)}&targetOrigin=https%3A%2F%2Fapp.example.com`,
      );
      await call('GET', `/v1.0/accounts?token=${encodeURIComponent(signInToken)}`);
      await call('GET', `/v1.0/accounts/${account}`, { headers: { authorization: `Bearer ${signInToken}` } });
    }
    expect(app.logs.lines.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(app.logs.text).not.toContain(secret);
  });

  it('keeps console passwords, session ids and CSRF tokens out of the logs on the sign-in path', async () => {
    await app.services.admins.create('canary-admin', CANARIES.password);
    const browser = new ConsoleSession(app);
    expect((await browser.signIn('canary-admin', `${CANARIES.password}-wrong`)).status).toBe(401);
    expect((await browser.signIn('canary-admin', CANARIES.password)).status).toBe(200);
    const sessionId = (browser.cookie ?? '').split('=')[1] ?? '';
    const csrfToken = browser.csrfToken ?? '';
    expect(sessionId.length).toBeGreaterThan(20);
    await browser.call('GET', '/console-api/session');
    await browser.call('PUT', '/v1.0/connectors/5801/setup', {
      body: { ClientSecret: CANARIES.clientSecret },
    });
    await browser.call('PUT', '/v1.0/connectors/5801/setup', {
      body: { ClientId: 'x' },
      headers: { 'x-csrf-token': CANARIES.csrf },
      csrf: false,
    });
    await browser.call('POST', '/v1.0/apiclients', { body: { Name: 'canary client' } });
    await browser.call('DELETE', '/console-api/session');
    await app.server.inject({
      method: 'POST',
      url: `/console-api/session?password=${CANARIES.password}`,
      headers: { 'content-type': 'application/json', cookie: `pb_console_session=${CANARIES.cookie}` },
      payload: JSON.stringify({ Username: 'canary-admin', Password: CANARIES.password }),
    });
    const created = await app.services.apiClients.create('canary');
    for (const secret of [...Object.values(CANARIES), sessionId, csrfToken])
      expect(app.logs.text).not.toContain(secret);
    expect(app.logs.text).not.toContain(created.clientSecret);
  });
});
