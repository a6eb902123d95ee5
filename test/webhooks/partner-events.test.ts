import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportTransactionIncident } from '../../src/domain/partner-events/incident-notifications.ts';
import { EventReceiver } from '../support/event-receiver.ts';
import { TEST_CONNECTORS } from '../support/fixture-connectors.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const authValue = (n: number) =>
  JSON.stringify({
    AccessToken: `access-${n}`,
    RefreshToken: `refresh-${n}`,
    Expires: new Date(Date.now() + 3_600_000).toISOString(),
  });

for (const kind of testDatabaseKinds()) {
  describe(`partner events [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    let receiver: EventReceiver;

    beforeAll(async () => {
      database = await kind.create();
      app = await startLivePlugboard(database, {
        connectors: TEST_CONNECTORS,
        runJobs: true,
        eventRetrySchedule: { delaysMs: [150, 300], windowMs: 60_000 },
      });
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      receiver = await EventReceiver.start();
      for (const id of ['acme', 'globex']) {
        const created = await partner.call('POST', '/v1.0/accounts', { body: { Id: id, Name: id } });
        expect(created.status).toBe(200);
      }
    });
    afterAll(async () => {
      await app?.close();
      await receiver?.close();
      await database?.drop();
    });

    const createEndpoint = async (body: Record<string, unknown>) => {
      const response = await partner.call('POST', '/v1.0/webhooks/endpoints', { body });
      expect(response.status, response.text).toBe(200);
      return response.json() as { Id: string; Secret: string };
    };

    it('shows the secret only when it is made, validates endpoints, and rotates and deletes them', async () => {
      expect((await partner.call('POST', '/v1.0/webhooks/endpoints', { body: {} })).json()).toEqual({
        Message: 'Url is required.',
      });
      const bad = await partner.call('POST', '/v1.0/webhooks/endpoints', {
        body: { Url: `${receiver.url}/x`, EventTypes: ['account_connector.*', 'party.created'] },
      });
      expect(bad.status).toBe(400);
      expect(bad.json().Message).toBe("EventTypes: 'party.created' is not an event type.");
      expect(
        (await partner.call('POST', '/v1.0/webhooks/endpoints', { body: { Url: 'ftp://example.com/x' } }))
          .status,
      ).toBe(400);

      const created = await createEndpoint({
        Url: `${receiver.url}/rotating`,
        EventTypes: ['capsule.party.created'],
        Enabled: false,
      });
      expect(created.Secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const shown = await partner.call('GET', `/v1.0/webhooks/endpoints/${created.Id}`);
      expect(shown.json()).toMatchObject({
        Id: created.Id,
        Enabled: false,
        EventTypes: ['capsule.party.created'],
      });
      expect(shown.json()).not.toHaveProperty('Secret');
      expect(shown.text).not.toContain(created.Secret.slice(6));
      const rotated = await partner.call('POST', `/v1.0/webhooks/endpoints/${created.Id}/rotate-secret`);
      expect(rotated.json().Secret).toMatch(/^whsec_/);
      expect(rotated.json().Secret).not.toBe(created.Secret);
      const changed = await partner.call('PUT', `/v1.0/webhooks/endpoints/${created.Id}`, {
        body: { Description: 'Parties' },
      });
      expect(changed.json()).toMatchObject({ Description: 'Parties', Enabled: false });
      expect((await partner.call('DELETE', `/v1.0/webhooks/endpoints/${created.Id}`)).status).toBe(200);
      expect((await partner.call('GET', `/v1.0/webhooks/endpoints/${created.Id}`)).status).toBe(404);
    });

    it('signs every event, retries a failing receiver, and delivers each event once, in order per account connector', async () => {
      const endpoint = await createEndpoint({
        Url: `${receiver.url}/events`,
        EventTypes: ['account_connector.*'],
      });
      receiver.secret = endpoint.Secret;
      // Down for the first four requests, then healthy.
      receiver.answer = ({ path, count }) => (path === '/events' && count < 4 ? 500 : 204);

      const install = async (account: string, n: number) => {
        const response = await partner.call('POST', '/v1.0/connectors/Fixture/v1/install', {
          account,
          body: { Name: `Fixture ${n}`, AuthValue: authValue(n) },
        });
        expect(response.status, response.text).toBe(200);
        return response.json().Id as number;
      };
      const first = await install('acme', 1);
      const second = await install('globex', 2);
      const expected = new Map<number, string[]>([
        [first, ['account_connector.authenticated']],
        [second, ['account_connector.authenticated']],
      ]);
      for (const [account, id] of [
        ['acme', first],
        ['globex', second],
      ] as const) {
        await partner.call('PUT', `/v1.0/account/connectors/${id}/deauthenticate`, { account });
        await partner.call('PUT', `/v1.0/account/connectors/${id}`, {
          account,
          body: { AuthValue: authValue(id + 10) },
        });
        await partner.call('PUT', `/v1.0/account/connectors/${id}/deauthenticate`, { account });
        expected
          .get(id)
          ?.push(
            'account_connector.deauthenticated',
            'account_connector.authenticated',
            'account_connector.deauthenticated',
          );
      }

      await receiver.waitUntil(
        () => receiver.received.filter((r) => r.path === '/events' && r.answeredWith < 300).length >= 8,
      );
      const events = receiver.received.filter((r) => r.path === '/events');
      expect(events.every((r) => r.verified === true)).toBe(true);
      expect(events.slice(0, 4).map((r) => r.answeredWith)).toEqual([500, 500, 500, 500]);
      const accepted = events.filter((r) => r.answeredWith < 300);
      expect(new Set(accepted.map((r) => r.headers['webhook-id'])).size).toBe(8);
      for (const [id, types] of expected) {
        const mine = accepted.filter((r) => r.body.data?.AccountConnectorId === id);
        expect(mine.map((r) => r.body.type)).toEqual(types);
      }
      expect(accepted[0]?.body.data).toMatchObject({ AccountId: expect.any(String) });

      type Logged = { Id: number; EventId: string; Status: string; AttemptLog: { ResponseStatus: number }[] };
      // The receiver has answered; Plugboard records the answer a moment later.
      let deliveries: Logged[] = [];
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        const log = await partner.call('GET', `/v1.0/webhooks/endpoints/${endpoint.Id}/deliveries`);
        deliveries = log.json() as Logged[];
        if (deliveries.every((d) => d.Status === 'Delivered')) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(deliveries).toHaveLength(8);
      expect(deliveries.every((d) => d.Status === 'Delivered')).toBe(true);
      const retried = deliveries.filter((d) => d.AttemptLog.some((a) => a.ResponseStatus === 500));
      expect(retried.length).toBeGreaterThan(0);
      expect(retried.every((d) => d.AttemptLog.at(-1)?.ResponseStatus === 204)).toBe(true);

      // One delivery again: the same webhook-id arrives once more.
      const oldest = deliveries.at(-1) as { Id: number; EventId: string };
      const before = receiver.received.length;
      const again = await partner.call(
        'POST',
        `/v1.0/webhooks/endpoints/${endpoint.Id}/deliveries/${oldest.Id}/retry`,
      );
      expect(again.status, again.text).toBe(200);
      await receiver.waitUntil((all) => all.length > before);
      expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(oldest.EventId);

      // A replay of the last hour sends every event again.
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const replay = await partner.call('POST', `/v1.0/webhooks/endpoints/${endpoint.Id}/replay`, {
        body: { Since: since },
      });
      expect(replay.json()).toEqual({ Queued: 8, More: false });
      await receiver.waitUntil((all) => all.length >= before + 1 + 8);
      await partner.call('DELETE', `/v1.0/webhooks/endpoints/${endpoint.Id}`);
    }, 90_000);

    it("sends Cyclr's incident notification to the account's Transaction Error Webhook through the outbox", async () => {
      const put = await partner.call('PUT', '/v1.0/accounts/acme', {
        body: {
          TransactionErrorWebhookEnabled: true,
          TransactionErrorWebhookUrl: `${receiver.url}/incidents`,
          TransactionErrorWebhookIncludeWarnings: false,
        },
      });
      expect(put.status, put.text).toBe(200);
      const incident = {
        accountId: 'acme',
        cycleId: 'cycle-1',
        cycleName: 'New contacts',
        transactionId: 'tx-1',
        stepId: 'send',
        stepName: 'Send to my app',
        stepType: 'Http',
        message: 'Failed to call the method',
        detail: 'POST https://app.example/contacts → 500',
      };
      await app.stores.transaction((tx) =>
        reportTransactionIncident(tx, { ...incident, level: 'Warning' }, Date.now()),
      );
      await app.stores.transaction((tx) =>
        reportTransactionIncident(tx, { ...incident, level: 'Error' }, Date.now()),
      );
      await receiver.waitUntil((all) => all.some((r) => r.path === '/incidents'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const notes = receiver.received.filter((r) => r.path === '/incidents');
      // The warning is left out: the account does not include warnings.
      expect(notes).toHaveLength(1);
      expect(notes[0]?.body).toMatchObject({
        AccountId: 'acme',
        AccountName: 'acme',
        CycleId: 'cycle-1',
        TransactionId: 'tx-1',
        Message: 'Failed to call the method',
        IncidentLevel: 'Error',
      });
      expect(notes[0]?.headers['webhook-id']).toMatch(/^evt_/);
    });
  });
}
