import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness.ts';
import { eventually, type HookReceiver, startHookReceiver } from '../testing/hook-receiver.ts';

let harness: Harness;
let receiver: HookReceiver;
let token: string;

beforeEach(async () => {
  receiver = await startHookReceiver();
  harness = await startHarness({ switches: { hookBatchDelayMs: 30, hookRetryDelaysMs: [20, 20] } });
  token = (await harness.signIn()).access_token;
});
afterEach(async () => {
  await harness.close();
  await receiver.close();
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
  harness.api(method, path, token, body);

const subscribe = async (event: string, path: string, embed?: string) => {
  const response = await call('POST', '/resthooks', {
    restHook: {
      event,
      targetUrl: receiver.url(path),
      description: `test ${event}`,
      ...(embed === undefined ? {} : { embed }),
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json().restHook.id as number;
};

const createOrganisation = (name: string) =>
  call('POST', '/parties', { party: { type: 'organisation', name } });

describe('REST hook delivery', () => {
  it('gathers changes into one batched POST with the event and full records', async () => {
    // A wide window, so a slow machine cannot split the two creates into two deliveries.
    harness.sandbox.switches.hookBatchDelayMs = 300;
    await subscribe('party/created', '/hooks/party');
    await createOrganisation('Batch One');
    await createOrganisation('Batch Two');

    const [delivery] = await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(1);
    expect(delivery?.path).toBe('/hooks/party');
    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(delivery?.body.event).toBe('party/created');
    expect(delivery?.body.payload.map((party) => party.name)).toEqual(['Batch One', 'Batch Two']);
    expect(delivery?.body.payload[0]).toMatchObject({
      type: 'organisation',
      owner: { id: 6 },
      addresses: [],
    });
  });

  it("includes tags and custom fields only when the hook's embed asks for them", async () => {
    await subscribe('party/created', '/plain');
    await subscribe('party/created', '/embedded', 'tags,fields');
    await call('POST', '/parties', {
      party: { type: 'person', firstName: 'Embed', tags: [{ name: 'VIP' }] },
    });

    const deliveries = await receiver.waitFor(2);
    const plain = deliveries.find((delivery) => delivery.path === '/plain')?.body.payload[0];
    const embedded = deliveries.find((delivery) => delivery.path === '/embedded')?.body.payload[0];
    expect(plain).not.toHaveProperty('tags');
    expect(embedded).toMatchObject({ tags: [{ name: 'VIP' }], fields: [] });
  });

  it('reports updates, moves and closes of opportunities to the matching hooks', async () => {
    for (const event of ['updated', 'moved', 'closed']) {
      await subscribe(`opportunity/${event}`, `/${event}`);
    }
    await call('PUT', '/opportunities/5002', { opportunity: { milestone: { id: 25 } } });

    const deliveries = await receiver.waitFor(3);
    expect(deliveries.map((delivery) => delivery.body.event).sort()).toEqual([
      'opportunity/closed',
      'opportunity/moved',
      'opportunity/updated',
    ]);
    expect(deliveries.every((delivery) => delivery.body.payload[0]?.id === 5002)).toBe(true);
  });

  it('sends the deleted record with party/deleted and task/completed for a completed task', async () => {
    await subscribe('party/deleted', '/deleted');
    await subscribe('task/completed', '/completed');
    await call('DELETE', '/parties/11030');
    await call('PUT', '/tasks/9001', { task: { status: 'COMPLETED' } });

    const deliveries = await receiver.waitFor(2);
    const deleted = deliveries.find((delivery) => delivery.path === '/deleted')?.body.payload[0];
    const completed = deliveries.find((delivery) => delivery.path === '/completed')?.body.payload[0];
    expect(deleted).toMatchObject({ id: 11030, type: 'person' });
    expect(completed).toMatchObject({ id: 9001, status: 'COMPLETED' });
  });

  it('retries a failed delivery on the configured schedule', async () => {
    const hookId = await subscribe('party/created', '/flaky');
    receiver.answers.push(500);
    await createOrganisation('Retry Ltd');

    const deliveries = await receiver.waitFor(2);
    expect(deliveries[1]?.body).toEqual(deliveries[0]?.body);
    expect(harness.sandbox.stats.hookDeliveryFailures).toBe(1);
    expect((await call('GET', `/resthooks/${hookId}`)).statusCode).toBe(200);
  });

  it('removes a hook as dead when the last retry fails', async () => {
    const hookId = await subscribe('party/created', '/down');
    receiver.answers.push(500, 502, 503);
    await createOrganisation('Dead Ltd');

    await receiver.waitFor(3);
    await eventually(() => harness.sandbox.stats.hooksUnsubscribed === 1);
    expect(harness.sandbox.stats.hookDeliveries).toBe(3);
    expect((await call('GET', `/resthooks/${hookId}`)).statusCode).toBe(404);
  });

  it('unsubscribes a hook at once when the receiver answers 410 Gone', async () => {
    const hookId = await subscribe('party/created', '/gone');
    receiver.answers.push(410);
    await createOrganisation('Gone Ltd');

    await receiver.waitFor(1);
    await eventually(() => harness.sandbox.stats.hooksUnsubscribed === 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(receiver.received).toHaveLength(1);
    expect((await call('GET', `/resthooks/${hookId}`)).statusCode).toBe(404);
  });

  it('treats an unreachable receiver as a failure to retry', async () => {
    const closed = await startHookReceiver();
    const unreachable = closed.url('/nobody');
    await closed.close();
    await call('POST', '/resthooks', { restHook: { event: 'party/created', targetUrl: unreachable } });
    await createOrganisation('Nobody Home Ltd');

    await eventually(() => harness.sandbox.stats.hooksUnsubscribed === 1);
    expect(harness.sandbox.stats.hookDeliveryFailures).toBe(3);
  });

  it('delivers nothing after close()', async () => {
    harness.sandbox.switches.hookBatchDelayMs = 50;
    await subscribe('party/created', '/late');
    await createOrganisation('Too Late Ltd');
    await harness.sandbox.close();

    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(0);
  });
});
