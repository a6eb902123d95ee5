import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventReceiver } from '../support/event-receiver.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { sandboxTokens, setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const LIST_REST_HOOKS = 'd5a369c4-b1ee-4961-80b0-fea4f34b62f5';
const SUBSCRIBE_REST_HOOK = 'bca984bc-63ea-429d-aff1-b9062f6a2704';
const CREATE_ORGANISATION = 'e70d21f3-b635-4cb0-82fa-9ad0972bcee7';
const [sqlite] = testDatabaseKinds();

interface RestHook {
  id: number;
  event: string;
  targetUrl: string;
}

describe('Capsule REST hooks through a running Plugboard', () => {
  let database: TestDatabase;
  let app: LivePlugboard;
  let partner: PartnerClient;
  let receiver: EventReceiver;
  let connectorId: number;
  let endpointId: string;
  const account = 'acme';
  const sandbox = () => `${app.baseUrl}/sandbox/capsule`;
  const method = (id: string, body: unknown = {}) =>
    partner.call('POST', `/v1.0/account/connectors/${connectorId}/methods/${id}`, { account, body });
  const hooksAtCapsule = async () => ((await method(LIST_REST_HOOKS)).json().restHooks ?? []) as RestHook[];
  const authValue = async () => {
    const tokens = await sandboxTokens(sandbox(), app.config.callbackUrl);
    return JSON.stringify({
      AccessToken: tokens.access_token,
      RefreshToken: tokens.refresh_token,
      Expires: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
    });
  };
  async function eventually<T>(
    read: () => Promise<T>,
    check: (value: T) => boolean,
    timeoutMs = 30_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (check(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`not met in time; last value ${JSON.stringify(value).slice(0, 500)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    if (!sqlite) throw new Error('no SQLite');
    database = await sqlite.create();
    app = await startLivePlugboard(database, { runJobs: true });
    if (app.sandbox) app.sandbox.switches.hookBatchDelayMs = 50;
    await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandbox());
    partner = await PartnerClient.connect(app, 'HTTP');
    await partner.authenticate();
    receiver = await EventReceiver.start();
    await partner.call('POST', '/v1.0/accounts', { body: { Id: account, Name: 'Acme' } });
    const endpoint = await partner.call('POST', '/v1.0/webhooks/endpoints', {
      body: { Url: `${receiver.url}/capsule`, EventTypes: ['capsule.party.*'] },
    });
    expect(endpoint.status, endpoint.text).toBe(200);
    endpointId = endpoint.json().Id;
    receiver.secret = endpoint.json().Secret;
    const installed = await partner.call('POST', '/v1.0/connectors/Capsule/v2/install', {
      account,
      body: { Name: 'Capsule', AuthValue: await authValue() },
    });
    expect(installed.status, installed.text).toBe(200);
    connectorId = installed.json().Id;
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await database?.drop();
  });

  it('subscribes at Capsule through the account connector, one hook per wanted event, at an unguessable URL', async () => {
    const hooks = await eventually(hooksAtCapsule, (list) => list.length === 3);
    expect(hooks.map((h) => h.event).sort()).toEqual(['party/created', 'party/deleted', 'party/updated']);
    for (const hook of hooks)
      expect(hook.targetUrl).toMatch(new RegExp(`^${app.baseUrl}/webhooks/[A-Za-z0-9_-]{43}$`));
    expect(new Set(hooks.map((h) => h.targetUrl)).size).toBe(3);
  });

  it("forwards each record of Capsule's delivery as a signed capsule.party.created event, once", async () => {
    const created = await method(CREATE_ORGANISATION, {
      Fields: { type: 'organisation', name: 'Hooked Ltd' },
    });
    expect(created.status, created.text).toBe(201);
    await receiver.waitUntil((all) => all.some((r) => r.body.type === 'capsule.party.created'));
    const event = receiver.received.find((r) => r.body.type === 'capsule.party.created');
    expect(event?.verified).toBe(true);
    expect(event?.body.data).toMatchObject({
      AccountId: account,
      AccountConnectorId: connectorId,
      Event: 'party/created',
      Record: { name: 'Hooked Ltd', type: 'organisation' },
    });

    // Capsule retrying the same batch (the same record and updatedAt) routes nothing again.
    const hook = (await hooksAtCapsule()).find((h) => h.event === 'party/created') as RestHook;
    const record = event?.body.data?.Record;
    const again = await fetch(hook.targetUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'party/created', payload: [record] }),
    });
    expect(again.status).toBe(202);
    const { DeliveryId } = (await again.json()) as { DeliveryId: number };
    await eventually(
      () => app.stores.inboundHooks.findDelivery(DeliveryId),
      (d) => d?.status === 'processed',
    );
    expect(await app.stores.inboundHooks.findDelivery(DeliveryId)).toMatchObject({ items: 0, duplicates: 1 });
    expect(receiver.received.filter((r) => r.body.type === 'capsule.party.created')).toHaveLength(1);
  });

  it('unsubscribes on deauthentication (the old URLs answer 410) and subscribes anew on re-authentication', async () => {
    const before = await hooksAtCapsule();
    const deauth = await partner.call('PUT', `/v1.0/account/connectors/${connectorId}/deauthenticate`, {
      account,
    });
    expect(deauth.status).toBe(200);
    expect((await app.services.providerSubscriptions.live(connectorId)).length).toBe(0);
    const stale = await fetch(before[0]?.targetUrl ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"event":"party/created","payload":[]}',
    });
    expect(stale.status).toBe(410);

    const reauth = await partner.call('PUT', `/v1.0/account/connectors/${connectorId}`, {
      account,
      body: { AuthValue: await authValue() },
    });
    expect(reauth.status, reauth.text).toBe(200);
    const after = await eventually(hooksAtCapsule, (list) => list.length === 3);
    expect(after.some((h) => before.some((old) => old.targetUrl === h.targetUrl))).toBe(false);
  });

  it("subscribes a cycle's webhook trigger on activation and unsubscribes it on deactivation", async () => {
    const lifecycle = await partner.call('POST', '/v1.0/webhooks/endpoints', {
      body: { Url: `${receiver.url}/cycles`, EventTypes: ['cycle.*'] },
    });
    expect(lifecycle.status).toBe(200);
    receiver.secrets.set('/cycles', lifecycle.json().Secret);
    const template = await partner.call('POST', '/v1.0/templates/import', {
      body: {
        Name: 'Completed tasks to my app',
        Connectors: [{ Key: 'capsule', Name: 'Capsule', Version: 'v2' }],
        Steps: [
          { Key: 'done', Kind: 'Webhook', Connector: 'capsule', Event: 'task/completed' },
          {
            Key: 'send',
            Kind: 'Http',
            HttpMethod: 'POST',
            Url: { MappingType: 'StaticValue', Value: 'https://app.example.com/in' },
          },
        ],
        Edges: [{ From: 'done', To: 'send' }],
      },
    });
    expect(template.status, template.text).toBe(200);
    const cycle = await partner.call('POST', `/v1.0/templates/${template.json().Id}/install`, {
      account,
      body: { AccountConnectors: { capsule: connectorId } },
    });
    expect(cycle.status, cycle.text).toBe(200);
    const cycleId = cycle.json().Id;
    const activated = await partner.call('PUT', `/v1.0/cycles/${cycleId}/activate`, { account, body: {} });
    expect(activated.status, activated.text).toBe(200);
    const withTask = await eventually(hooksAtCapsule, (list) =>
      list.some((h) => h.event === 'task/completed'),
    );
    expect(withTask.map((h) => h.event).sort()).toEqual([
      'party/created',
      'party/deleted',
      'party/updated',
      'task/completed',
    ]);

    const paused = await partner.call('PUT', `/v1.0/cycles/${cycleId}/deactivate`, { account });
    expect(paused.status, paused.text).toBe(200);
    await eventually(hooksAtCapsule, (list) => !list.some((h) => h.event === 'task/completed'));
    await receiver.waitUntil((all) => all.filter((r) => r.path === '/cycles').length >= 2);
    const events = receiver.received
      .filter((r) => r.path === '/cycles')
      .map((r) => [r.body.type, r.body.data?.CycleId]);
    expect(receiver.received.filter((r) => r.path === '/cycles').every((r) => r.verified === true)).toBe(
      true,
    );
    expect(events).toEqual([
      ['cycle.activated', cycleId],
      ['cycle.paused', cycleId],
    ]);
    await partner.call('DELETE', `/v1.0/webhooks/endpoints/${lifecycle.json().Id}`);
  });

  it('names the events Capsule refused when its limit of 20 hooks is reached', async () => {
    // Other hooks of the same Capsule account already use 15 of its 20.
    for (let n = 0; n < 15; n++) {
      const made = await method(SUBSCRIBE_REST_HOOK, {
        Fields: { event: 'task/created', targetUrl: `${app.baseUrl}/webhooks/elsewhere-${n}` },
      });
      expect(made.status, made.text).toBe(201);
    }
    const wider = await partner.call('PUT', `/v1.0/webhooks/endpoints/${endpointId}`, {
      body: { EventTypes: ['capsule.party.*', 'capsule.opportunity.*'] },
    });
    expect(wider.status).toBe(200);
    const report = await eventually(
      () => partner.call('GET', `/v1.0/account/connectors/${connectorId}/webhooks`, { account }),
      (response) =>
        (response.json() as { Status: string }[]).filter((h) => h.Status === 'Failed').length === 3,
    );
    const failed = (report.json() as { Event: string; Status: string; LastError: string }[]).filter(
      (h) => h.Status === 'Failed',
    );
    for (const hook of failed) expect(hook.LastError).toContain('at most 20 rest hooks');
    expect((await hooksAtCapsule()).length).toBe(20);
  });
});
