import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventReceiver } from '../support/event-receiver.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

for (const kind of testDatabaseKinds()) {
  describe(`events from the refresher and the call path [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    let receiver: EventReceiver;
    const account = 'acme';
    const sandbox = () => app.sandbox as NonNullable<LivePlugboard['sandbox']>;

    beforeAll(async () => {
      database = await kind.create();
      app = await startLivePlugboard(database, { runJobs: true });
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      await setUpCapsuleAgainstSandbox(app.services.connectorSetups, `${app.baseUrl}/sandbox/capsule`);
      await partner.call('POST', '/v1.0/accounts', { body: { Id: account, Name: 'Acme' } });
      receiver = await EventReceiver.start();
      const endpoint = await partner.call('POST', '/v1.0/webhooks/endpoints', {
        body: {
          Url: `${receiver.url}/events`,
          EventTypes: ['account_connector.degraded', 'account_connector.needs_reauthentication'],
        },
      });
      receiver.secret = endpoint.json().Secret;
    });
    afterAll(async () => {
      if (app) sandbox().switches.failToken5xx = 0;
      await app?.close();
      await receiver?.close();
      await database?.drop();
    });

    /** A connection whose access token has expired, so the next call refreshes first. */
    const expiredConnection = async (refreshToken: string) => {
      const installed = await partner.call('POST', '/v1.0/connectors/Capsule/v2/install', {
        account,
        body: {
          Name: `Expired ${refreshToken}`,
          AuthValue: JSON.stringify({
            AccessToken: 'expired-access',
            RefreshToken: refreshToken,
            Expires: new Date(Date.now() - 60_000).toISOString(),
          }),
        },
      });
      expect(installed.status, installed.text).toBe(200);
      return installed.json().Id as number;
    };
    const listParties = (id: number) =>
      partner.call('POST', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, { account, body: {} });

    it('emits account_connector.degraded when the provider cannot refresh', async () => {
      const id = await expiredConnection('refresh-while-down');
      sandbox().switches.failToken5xx = 100;
      expect((await listParties(id)).status).toBeGreaterThanOrEqual(500);
      await receiver.waitUntil((all) => all.some((r) => r.body.data?.AccountConnectorId === id));
      const mine = receiver.received.filter((r) => r.body.data?.AccountConnectorId === id);
      expect(mine.map((r) => r.body.type)).toEqual(['account_connector.degraded']);
      expect(mine[0]?.verified).toBe(true);
      expect(mine[0]?.body.data).toMatchObject({
        AccountId: account,
        Reason: expect.any(String),
        RetryAtUtc: expect.any(String),
      });
      sandbox().switches.failToken5xx = 0;
    });

    it('emits account_connector.needs_reauthentication when the provider refuses the refresh token', async () => {
      const id = await expiredConnection('never-issued');
      expect((await listParties(id)).status).toBe(401);
      await receiver.waitUntil((all) => all.some((r) => r.body.data?.AccountConnectorId === id));
      const mine = receiver.received.filter((r) => r.body.data?.AccountConnectorId === id);
      expect(mine.map((r) => r.body.type)).toEqual(['account_connector.needs_reauthentication']);
      expect(mine[0]?.verified).toBe(true);
    });
  });
}
