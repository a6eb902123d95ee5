import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookTokenHash, newHookToken } from '../../src/domain/inbound-webhooks/hook-token.ts';
import { sendCall } from '../support/api-harness.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const [sqlite] = testDatabaseKinds();

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('POST /webhooks/{id}', () => {
  let database: TestDatabase;
  let app: LivePlugboard;
  let token: string;
  let hookId: number;

  beforeAll(async () => {
    if (!sqlite) throw new Error('no SQLite');
    database = await sqlite.create();
    app = await startLivePlugboard(database, { runJobs: true });
    await insertAccount(app, 'acme');
    token = newHookToken();
    const hook = await app.stores.inboundHooks.insertHook(
      {
        kind: 'generic',
        accountId: 'acme',
        accountConnectorId: null,
        cycleId: 'cycle-1',
        event: null,
        providerHookId: null,
        status: 'active',
        lastError: null,
        createdAt: Date.now(),
      },
      hookTokenHash(token),
    );
    hookId = hook.id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const post = (path: string, body: string, contentType = 'application/json') =>
    sendCall(
      { baseUrl: app.baseUrl },
      'POST',
      path,
      { rawBody: body, headers: { 'content-type': contentType } },
      null,
    );

  it('stores the raw body, answers 202 at once and processes it in the background', async () => {
    const body = '{ "order": 42,\n  "items": ["a"] }';
    const response = await post(`/webhooks/${token}`, body);
    expect(response.status).toBe(202);
    const { DeliveryId } = (await response.json()) as { DeliveryId: number };
    expect((await app.stores.inboundHooks.findDelivery(DeliveryId))?.body).toBe(body);
    await eventually(
      async () => (await app.stores.inboundHooks.findDelivery(DeliveryId))?.status === 'processed',
    );
    expect(await app.stores.inboundHooks.findDelivery(DeliveryId)).toMatchObject({ items: 1, duplicates: 0 });
  });

  it('drops a repeated item', async () => {
    const body = '[{"n":1},{"n":2}]';
    const first = (await (await post(`/webhooks/${token}`, body)).json()) as { DeliveryId: number };
    const second = (await (await post(`/webhooks/${token}`, '[{"n":2},{"n":3}]')).json()) as {
      DeliveryId: number;
    };
    await eventually(
      async () => (await app.stores.inboundHooks.findDelivery(second.DeliveryId))?.status === 'processed',
    );
    expect(await app.stores.inboundHooks.findDelivery(first.DeliveryId)).toMatchObject({
      items: 2,
      duplicates: 0,
    });
    expect(await app.stores.inboundHooks.findDelivery(second.DeliveryId)).toMatchObject({
      items: 1,
      duplicates: 1,
    });
  });

  it('answers 404 for an unknown id, 415 for a body that is not JSON and 413 over the size cap, storing nothing', async () => {
    const stored = (await app.stores.inboundHooks.listDeliveries(hookId, 100)).length;
    const unknown = await post(`/webhooks/${newHookToken()}`, '{}');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ Message: 'No webhook is registered at this URL.' });
    expect((await post('/webhooks/short', '{}')).status).toBe(404);
    const text = await post(`/webhooks/${token}`, 'hello', 'text/plain');
    expect(text.status).toBe(415);
    expect(await text.json()).toEqual({
      Message: 'Webhook bodies must be JSON (Content-Type: application/json).',
    });
    const huge = await post(`/webhooks/${token}`, JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect((await app.stores.inboundHooks.listDeliveries(hookId, 100)).length).toBe(stored);
  });

  it('keeps a body it cannot process and ends it as dead work', async () => {
    const response = await post(`/webhooks/${token}`, '{"not": json');
    expect(response.status).toBe(202);
    const { DeliveryId } = (await response.json()) as { DeliveryId: number };
    await eventually(async () => (await app.stores.inboundHooks.findDelivery(DeliveryId))?.status === 'dead');
    expect(await app.stores.inboundHooks.findDelivery(DeliveryId)).toMatchObject({
      body: '{"not": json',
      lastError: 'The body is not JSON.',
    });
    const jobs = await app.stores.workQueue.list({
      status: 'dead',
      kind: 'inbound-webhook.process',
      limit: 10,
    });
    expect(jobs.map((job) => job.payload)).toContainEqual({ deliveryId: DeliveryId });
  });

  it('answers a retired hook with 410 Gone and never logs the token', async () => {
    await app.stores.inboundHooks.updateHook(hookId, { status: 'retired' }, Date.now());
    expect((await post(`/webhooks/${token}`, '{}')).status).toBe(410);
    expect(app.logs.text).not.toContain(token);
    expect(app.logs.text).toContain('/webhooks/[redacted]');
  });
});
