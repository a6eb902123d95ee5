import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
};

describe('row 31: canary secrets never reach the logs', () => {
  let database: TestDatabase;
  let app: TestPlugboard;

  beforeAll(async () => {
    database = await (testDatabaseKinds()[0] as { create(): Promise<TestDatabase> }).create();
    app = await startTestPlugboard(database, { env: { PLUGBOARD_LOG_LEVEL: 'trace' } });
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
});
