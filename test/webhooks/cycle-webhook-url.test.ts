/**
 * A cycle's generic webhook URL over real HTTP: `GET …/webhook-url` says whether one is issued (never
 * the URL), `POST` issues it once, a post to it runs the active cycle, and replacing it retires the old.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppReceiver, startAppReceiver } from '../cycles/support/app-receiver.ts';
import { eventually } from '../cycles/support/cycle-world.ts';
import { exampleTemplate, genericWebhookTemplate } from '../support/example-template.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

for (const kind of testDatabaseKinds()) {
  describe(`a cycle's generic webhook URL [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    let receiver: AppReceiver;
    let cycleId = '';
    let pollingCycleId = '';
    let firstUrl = '';
    const account = 'acme';
    const status = async (id = cycleId) => {
      const reply = await partner.call('GET', `/v1.0/cycles/${id}/webhook-url`, { account });
      expect(reply.status).toBe(200);
      return reply.json();
    };
    const install = async (template: unknown) => {
      const imported = await partner.call('POST', '/v1.0/templates/import', { body: template });
      expect(imported.status, imported.text).toBe(200);
      const cycle = await partner.call('POST', `/v1.0/templates/${imported.json().Id}/install`, {
        account,
        body: {},
      });
      expect(cycle.status, cycle.text).toBe(200);
      return cycle.json().Id as string;
    };
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    beforeAll(async () => {
      database = await kind.create();
      app = await startLivePlugboard(database, { runJobs: true, env: { PLUGBOARD_LOG_LEVEL: 'warn' } });
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      await insertAccount(app, account);
      receiver = await startAppReceiver();
      const settings = await partner.call('PUT', '/v1.0/settings', {
        body: { AllowedOutboundHosts: [`127.0.0.1:${receiver.port}`], AllowPrivateAddresses: true },
      });
      expect(settings.status).toBe(200);
      cycleId = await install(genericWebhookTemplate(receiver.url('/orders')));
      pollingCycleId = await install(exampleTemplate());
      const activated = await partner.call('PUT', `/v1.0/cycles/${cycleId}/activate`, {
        account,
        body: { Interval: 5 },
      });
      expect(activated.status, activated.text).toBe(200);
    }, 60_000);
    afterAll(async () => {
      await receiver?.close();
      await app?.close();
      await database?.drop();
    });

    it('has none until one is issued; the URL is shown once and a post to it runs the cycle', async () => {
      expect(await status()).toEqual({ Available: true, Issued: false, IssuedOnUtc: null });
      const issued = await partner.call('POST', `/v1.0/cycles/${cycleId}/webhook-url`, { account });
      expect(issued.status).toBe(200);
      firstUrl = issued.json().Url;
      expect(firstUrl).toMatch(new RegExp(`^${app.baseUrl}/webhooks/[A-Za-z0-9_-]{40,}$`));
      const after = await status();
      expect(after).toMatchObject({ Available: true, Issued: true });
      expect(Date.now() - Date.parse(after.IssuedOnUtc)).toBeLessThan(60_000);
      expect(JSON.stringify(after)).not.toContain(firstUrl.split('/').at(-1));

      expect((await post(firstUrl, { order: 'A-1' })).status).toBe(202);
      const sent = await eventually(
        async () => receiver.received.find((r) => r.body.order === 'A-1'),
        20_000,
        'the order to reach the app',
      );
      expect(sent.path).toBe('/orders');
    });

    it('replacing it retires the old URL (410) and the new one works', async () => {
      const replaced = await partner.call('POST', `/v1.0/cycles/${cycleId}/webhook-url`, { account });
      expect(replaced.status).toBe(200);
      const secondUrl = replaced.json().Url;
      expect(secondUrl).not.toBe(firstUrl);
      expect((await post(firstUrl, { order: 'A-2' })).status).toBe(410);
      expect((await post(secondUrl, { order: 'A-3' })).status).toBe(202);
      await eventually(
        async () => receiver.received.find((r) => r.body.order === 'A-3'),
        20_000,
        'the order sent to the new URL',
      );
      expect(receiver.received.some((r) => r.body.order === 'A-2')).toBe(false);
      expect(await status()).toMatchObject({ Available: true, Issued: true });
    });

    it('a cycle without a generic webhook trigger has none to issue', async () => {
      expect(await status(pollingCycleId)).toEqual({ Available: false, Issued: false, IssuedOnUtc: null });
      const refused = await partner.call('POST', `/v1.0/cycles/${pollingCycleId}/webhook-url`, { account });
      expect(refused.status).toBe(400);
      expect(refused.json()).toEqual({ Message: `Cycle ${pollingCycleId} has no generic webhook trigger.` });
      const missing = await partner.call('GET', '/v1.0/cycles/no-such-cycle/webhook-url', { account });
      expect(missing.status).toBe(404);
    });
  });
}
