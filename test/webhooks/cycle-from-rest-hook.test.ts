/**
 * A cycle run by a real provider delivery: the Capsule sandbox, subscribed by the cycle's activation,
 * POSTs its REST hook over HTTP to Plugboard's webhook URL; the record is routed to the cycle and its
 * transaction runs to the partner's app with the delivered data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../cycles/support/cycle-world.ts';
import { type EngineWorld, startEngineWorld } from '../cycles/support/engine-world.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const LIST_REST_HOOKS = 'd5a369c4-b1ee-4961-80b0-fea4f34b62f5';
const CREATE_ORGANISATION = 'e70d21f3-b635-4cb0-82fa-9ad0972bcee7';

interface RestHook {
  id: number;
  event: string;
  targetUrl: string;
}

interface StepView {
  StepKey: string;
  Status: string;
  Request: unknown;
  Response: unknown;
}

const newPartiesToApp = {
  Name: 'New Capsule parties to my app',
  Connectors: [{ Key: 'capsule', Name: 'Capsule', Version: 'v2' }],
  Variables: [{ SystemName: 'TargetUrl', Value: null }],
  Steps: [
    { Key: 'created', Kind: 'Webhook', Connector: 'capsule', Event: 'party/created' },
    {
      Key: 'send',
      Kind: 'Http',
      Url: { MappingType: 'Variable', Value: 'TargetUrl' },
      Fields: {
        capsuleId: { MappingType: 'StepData', Step: 'created', Field: 'id' },
        name: { MappingType: 'StepData', Step: 'created', Field: 'name' },
      },
    },
  ],
  Edges: [{ From: 'created', To: 'send' }],
};

for (const kind of testDatabaseKinds()) {
  describe(`a webhook-triggered cycle run by the sandbox's REST hook [${kind.kind}]`, {
    timeout: 90_000,
  }, () => {
    let database: TestDatabase;
    let world: EngineWorld;
    const call = (method: string, url: string, body?: unknown) =>
      world.partner.call(method, url, { account: world.account, ...(body === undefined ? {} : { body }) });
    const capsuleMethod = (id: string, body: unknown = {}) =>
      call('POST', `/v1.0/account/connectors/${world.accountConnectorId}/methods/${id}`, body);
    const transactionsOf = async (cycleId: string) =>
      (await call('GET', `/v1.0/cycles/${cycleId}/transactions`)).json() as { Id: string; Status: string }[];

    beforeAll(async () => {
      database = await kind.create();
      world = await startEngineWorld(database);
      if (!world.app.sandbox) throw new Error('the sandbox is not mounted');
      world.app.sandbox.switches.hookBatchDelayMs = 50;
    }, 60_000);
    afterAll(async () => {
      await world?.close();
      await database?.drop();
    });

    it('runs a transaction to Completed with the record Capsule delivered, and only once for a repeat', async () => {
      const cycleId = await world.install(newPartiesToApp, '/parties');
      const activated = await call('PUT', `/v1.0/cycles/${cycleId}/activate`, {});
      expect(activated.status, activated.text).toBe(200);
      // Activation subscribed the trigger's event at Capsule, through the account connector.
      const hook = await eventually(
        async () => {
          const hooks = ((await capsuleMethod(LIST_REST_HOOKS)).json().restHooks ?? []) as RestHook[];
          return hooks.find((h) => h.event === 'party/created');
        },
        30_000,
        'the party/created REST hook at Capsule',
      );
      expect(hook.targetUrl.startsWith(`${world.app.baseUrl}/webhooks/`)).toBe(true);
      expect(await transactionsOf(cycleId)).toEqual([]);

      // A change at Capsule: the sandbox delivers the REST hook to Plugboard over HTTP.
      const created = await capsuleMethod(CREATE_ORGANISATION, {
        Fields: { type: 'organisation', name: 'Hooked Ltd' },
      });
      expect(created.status, created.text).toBe(201);
      const party = created.json().party as { id: number; name: string; updatedAt: string };
      expect(party.name).toBe('Hooked Ltd');

      const [done] = await eventually(
        async () => {
          const list = await transactionsOf(cycleId);
          return list.length > 0 && list.every((t) => t.Status === 'Completed') ? list : undefined;
        },
        30_000,
        'the delivered record to complete its transaction',
      );
      const sent = world.receiver.received.filter((d) => d.path === '/parties');
      expect(sent.map((d) => d.body)).toEqual([{ capsuleId: party.id, name: 'Hooked Ltd' }]);
      const detail = (await call('GET', `/v1.0/transactions/${done?.Id}`)).json();
      expect(detail.Status).toBe('Completed');
      const steps = detail.Steps as StepView[];
      expect(steps.map((s) => `${s.StepKey}:${s.Status}`)).toEqual(['created:Completed', 'send:Completed']);
      // The trigger's output is the record as Capsule sent it.
      const record = steps[0]?.Response as { id: number; name: string; updatedAt: string };
      expect(record).toMatchObject({ id: party.id, name: 'Hooked Ltd', updatedAt: party.updatedAt });

      // Capsule retrying the same batch starts nothing more.
      const again = await fetch(hook.targetUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'party/created', payload: [record] }),
      });
      expect(again.status).toBe(202);
      const { DeliveryId } = (await again.json()) as { DeliveryId: number };
      await eventually(
        async () =>
          (await world.app.stores.inboundHooks.findDelivery(DeliveryId))?.status === 'processed'
            ? true
            : undefined,
        30_000,
        'the repeated delivery to be processed',
      );
      expect(await world.app.stores.inboundHooks.findDelivery(DeliveryId)).toMatchObject({
        items: 0,
        duplicates: 1,
      });
      expect(await transactionsOf(cycleId)).toHaveLength(1);
      expect(world.receiver.received.filter((d) => d.path === '/parties')).toHaveLength(1);
    });
  });
}
