/**
 * The spec's example template against the Capsule sandbox, end to end over real HTTP: every party
 * with an e-mail address reaches the partner's app exactly once, changes are sent once more, and a
 * run with no changes sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HookReceiver, startHookReceiver } from '../../src/sandbox/capsule/testing/hook-receiver.ts';
import { sendCall } from '../support/api-harness.ts';
import { exampleTemplate } from '../support/example-template.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { insertAccount } from '../support/raw-rows.ts';
import {
  installWithSandboxTokens,
  sandboxTokens,
  setUpCapsuleAgainstSandbox,
} from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { settled } from './support/cycle-world.ts';

interface Party {
  id: number;
  type: string;
  firstName: string | null;
  emailAddresses: { address: string }[];
}

for (const kind of testDatabaseKinds()) {
  describe(`the example template against the sandbox [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    let receiver: HookReceiver;
    let token = '';
    let cycleId = '';
    const account = 'acme';
    const api = () => `${app.baseUrl}/sandbox/capsule/api/v2`;
    const capsule = async (method: string, path: string, body?: unknown) => {
      const reply = await sendCall(
        { baseUrl: api() },
        method,
        path,
        { headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) },
        token,
      );
      expect(reply.status).toBeLessThan(300);
      return reply.json();
    };
    /** Every party, read straight from the sandbox (not through Plugboard). */
    const everyParty = async (): Promise<Party[]> => {
      const out: Party[] = [];
      for (let page = 1; ; page++) {
        const { parties } = (await capsule('GET', `/parties?perPage=100&page=${page}`)) as {
          parties: Party[];
        };
        out.push(...parties);
        if (parties.length < 100) return out;
      }
    };
    const runOnce = async () => {
      const reply = await partner.call('PUT', `/v1.0/cycles/${cycleId}/activate`, {
        account,
        body: { RunOnce: true },
      });
      expect(reply.status).toBe(200);
      return settled(partner, account, cycleId);
    };
    const sent = () =>
      receiver.received.map((r) => ({
        key: String(r.headers['idempotency-key']),
        body: r.body as unknown as Record<string, unknown>,
      }));

    beforeAll(async () => {
      database = await kind.create();
      app = await startLivePlugboard(database, { runJobs: true, env: { PLUGBOARD_LOG_LEVEL: 'warn' } });
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      await insertAccount(app, account);
      const sandboxBase = `${app.baseUrl}/sandbox/capsule`;
      await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandboxBase);
      token = (await sandboxTokens(sandboxBase, app.config.callbackUrl)).access_token;
      const accountConnectorId = await installWithSandboxTokens(
        partner,
        sandboxBase,
        app.config.callbackUrl,
        account,
        'Capsule',
      );
      receiver = await startHookReceiver();
      const port = new URL(receiver.url('/')).port;
      const settings = await partner.call('PUT', '/v1.0/settings', {
        body: { AllowedOutboundHosts: [`127.0.0.1:${port}`], AllowPrivateAddresses: true },
      });
      expect(settings.status).toBe(200);
      const template = await partner.call('POST', '/v1.0/templates/import', {
        body: exampleTemplate({ Backfill: true }),
      });
      expect(template.status).toBe(200);
      const cycle = await partner.call('POST', `/v1.0/templates/${template.json().Id}/install`, {
        account,
        body: { AccountConnectors: { capsule: accountConnectorId } },
      });
      cycleId = cycle.json().Id;
      const variables = await partner.call('PATCH', `/v1.0/cycles/${cycleId}/variables`, {
        account,
        body: [{ SystemName: 'TargetUrl', Value: receiver.url('/contacts') }],
      });
      expect(variables.status).toBe(200);
    }, 60_000);
    afterAll(async () => {
      await receiver?.close();
      await app?.close();
      await database?.drop();
    });

    it('with Backfill, sends every party with an e-mail address exactly once, and none without', async () => {
      // The seeded parties all have an address: two without one make the filter visible.
      await capsule('POST', '/parties', { party: { type: 'organisation', name: 'No Mail Ltd' } });
      await capsule('POST', '/parties', {
        party: { type: 'person', firstName: 'Quiet', lastName: 'Person' },
      });
      const parties = await everyParty();
      const withEmail = parties.filter((p) => p.emailAddresses.length > 0);
      expect(withEmail.length).toBeGreaterThan(0);
      expect(parties.length - withEmail.length).toBeGreaterThan(0);
      const transactions = await runOnce();
      expect(transactions.filter((t) => t.Status !== 'Completed')).toEqual([]);
      expect(transactions).toHaveLength(parties.length);
      const deliveries = sent();
      expect(new Set(deliveries.map((d) => d.key)).size).toBe(deliveries.length);
      expect(deliveries.map((d) => d.body.capsuleId).sort()).toEqual(withEmail.map((p) => p.id).sort());
      const ada = withEmail[0] as Party;
      const delivered = deliveries.find((d) => d.body.capsuleId === ada.id);
      expect(delivered?.body.email).toBe(ada.emailAddresses[0]?.address);
      expect(delivered?.key).toMatch(/^[0-9a-f-]{36}-send$/);
    }, 120_000);

    it('after two parties change and one is created, the next run sends exactly those three', async () => {
      const before = sent().length;
      const withEmail = (await everyParty()).filter(
        (p) => p.type === 'person' && p.emailAddresses.length > 0,
      );
      const [first, second] = withEmail.slice(-2) as [Party, Party];
      // Capsule's change stamps are whole seconds: make the changes land after the last poll's mark.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await capsule('PUT', `/parties/${first.id}`, { party: { firstName: 'Changed' } });
      await capsule('PUT', `/parties/${second.id}`, { party: { jobTitle: 'Changed too' } });
      const created = (await capsule('POST', '/parties', {
        party: {
          type: 'person',
          firstName: 'New',
          lastName: 'Contact',
          emailAddresses: [{ address: 'new@contact.example' }],
        },
      })) as { party: Party };
      await runOnce();
      const fresh = sent().slice(before);
      expect(fresh.map((d) => d.body.capsuleId).sort()).toEqual(
        [first.id, second.id, created.party.id].sort(),
      );
      expect(String(fresh.find((d) => d.body.capsuleId === first.id)?.body.name)).toMatch(/^Changed /);
      expect(fresh.find((d) => d.body.capsuleId === created.party.id)?.body).toMatchObject({
        email: 'new@contact.example',
        name: 'New Contact',
      });
      expect(new Set(sent().map((d) => d.key)).size).toBe(sent().length);
    }, 120_000);

    it('a run with no changes sends nothing', async () => {
      const before = sent().length;
      await runOnce();
      expect(sent().length).toBe(before);
    }, 120_000);
  });
}
