import { expect, it } from 'vitest';
import type { WebhookEndpoint } from '../../src/domain/partner-events/partner-event-store.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const endpoint = (id: string, at: number): WebhookEndpoint => ({
  id,
  url: `https://receiver.example/${id}`,
  description: null,
  eventTypes: ['account_connector.*'],
  enabled: true,
  createdAt: at,
  updatedAt: at,
});

describeOnEachDatabase('webhook stores contract', (fixture) => {
  it('seals an endpoint secret with its row, changes and deletes endpoints', async () => {
    const { stores, database } = fixture().storage;
    await stores.webhookEndpoints.insert(endpoint('ep_a', 1), 'whsec_c2VjcmV0LWE=');
    await stores.webhookEndpoints.insert(endpoint('ep_b', 2), 'whsec_c2VjcmV0LWI=');
    expect(await stores.webhookEndpoints.secret('ep_a')).toBe('whsec_c2VjcmV0LWE=');
    const raw = await database.db
      .selectFrom('webhook_endpoints')
      .select('secret_ct')
      .where('id', '=', 'ep_a')
      .executeTakeFirstOrThrow();
    expect(raw.secret_ct).not.toContain('c2VjcmV0LWE');

    expect(await stores.webhookEndpoints.update('ep_a', { enabled: false, eventTypes: [] }, 5)).toBe(true);
    expect(await stores.webhookEndpoints.find('ep_a')).toEqual({
      ...endpoint('ep_a', 1),
      enabled: false,
      eventTypes: [],
      updatedAt: 5,
    });
    expect(await stores.webhookEndpoints.replaceSecret('ep_a', 'whsec_bmV3', 6)).toBe(true);
    expect(await stores.webhookEndpoints.secret('ep_a')).toBe('whsec_bmV3');
    expect((await stores.webhookEndpoints.list()).map((e) => e.id)).toEqual(['ep_a', 'ep_b']);
    expect(await stores.webhookEndpoints.delete('ep_b')).toBe(true);
    expect(await stores.webhookEndpoints.delete('ep_b')).toBe(false);
    expect(await stores.webhookEndpoints.update('ep_b', { enabled: true }, 7)).toBe(false);
    await stores.webhookEndpoints.delete('ep_a');
  });

  it('numbers each stream from 1, keeps deliveries in order and logs attempts', async () => {
    const { stores } = fixture().storage;
    await stores.webhookEndpoints.insert(endpoint('ep_s', 1), 'whsec_eA==');
    const ids: number[] = [];
    for (const n of [1, 2, 3]) {
      await stores.transaction(async (tx) => {
        const eventId = await tx.partnerEvents.insertEvent({
          eventId: `evt_${n}`,
          type: 'account_connector.degraded',
          accountId: null,
          accountConnectorId: 7,
          body: `{"n":${n}}`,
          occurredAt: 100 + n,
        });
        const seq = await tx.partnerEvents.nextSequence('ep_s|ac:7');
        expect(seq).toBe(n);
        ids.push(
          await tx.partnerEvents.insertDelivery({
            eventId,
            endpointId: 'ep_s',
            targetUrl: null,
            stream: 'ep_s|ac:7',
            seq,
            createdAt: 100 + n,
          }),
        );
      });
    }
    expect(await stores.partnerEvents.nextSequence('ep_s|ac:8')).toBe(1);
    const [first, second, third] = ids as [number, number, number];
    expect((await stores.partnerEvents.pendingBefore('ep_s|ac:7', 3))?.id).toBe(first);
    expect(await stores.partnerEvents.pendingBefore('ep_s|ac:7', 1)).toBeUndefined();
    expect((await stores.partnerEvents.nextPendingAfter('ep_s|ac:7', 1))?.id).toBe(second);

    const attempt = {
      deliveryId: first,
      attemptedAt: 200,
      durationMs: 12,
      responseStatus: 500,
      responseBody: 'oops',
      error: null,
    };
    const retrying = {
      status: 'Pending' as const,
      nextAttemptAt: 205,
      firstAttemptAt: 200,
      finishedAt: null,
      error: 'answered 500',
    };
    expect(await stores.partnerEvents.recordAttempt(attempt, retrying, 212)).toBe(true);
    const delivered = {
      status: 'Delivered' as const,
      nextAttemptAt: 300,
      firstAttemptAt: 200,
      finishedAt: 300,
      error: null,
    };
    expect(
      await stores.partnerEvents.recordAttempt(
        { ...attempt, attemptedAt: 290, responseStatus: 204, responseBody: '' },
        delivered,
        300,
      ),
    ).toBe(true);
    // A finished delivery takes no more attempts (a late duplicate of the job changes nothing).
    expect(await stores.partnerEvents.recordAttempt(attempt, retrying, 301)).toBe(false);

    const found = await stores.partnerEvents.findDelivery(first);
    expect(found).toMatchObject({
      status: 'Delivered',
      attempts: 2,
      firstAttemptAt: 200,
      finishedAt: 300,
      lastResponseStatus: 204,
      stream: 'ep_s|ac:7',
      seq: 1,
    });
    expect(found?.event).toMatchObject({
      eventId: 'evt_1',
      type: 'account_connector.degraded',
      accountConnectorId: 7,
      body: '{"n":1}',
    });
    expect((await stores.partnerEvents.pendingBefore('ep_s|ac:7', 3))?.id).toBe(second);
    expect((await stores.partnerEvents.attemptsOf([first])).map((a) => a.responseStatus)).toEqual([500, 204]);

    expect(
      (await stores.partnerEvents.listDeliveries({ endpointId: 'ep_s', limit: 10 })).map((d) => d.id),
    ).toEqual([third, second, first]);
    expect(
      (await stores.partnerEvents.listDeliveries({ endpointId: 'ep_s', status: 'Delivered', limit: 10 })).map(
        (d) => d.id,
      ),
    ).toEqual([first]);
    expect(
      (await stores.partnerEvents.listDeliveries({ endpointId: 'ep_s', before: third, limit: 1 })).map(
        (d) => d.id,
      ),
    ).toEqual([second]);

    expect(await stores.partnerEvents.requeue(first, 4, 400)).toBe(true);
    expect(await stores.partnerEvents.findDelivery(first)).toMatchObject({
      status: 'Pending',
      seq: 4,
      attempts: 0,
      firstAttemptAt: null,
      nextAttemptAt: 400,
      finishedAt: null,
    });
    expect((await stores.partnerEvents.eventsBetween(102, 104, 10)).map((e) => e.eventId)).toEqual([
      'evt_2',
      'evt_3',
    ]);
    expect((await stores.partnerEvents.eventsBetween(0, 1000, 1)).map((e) => e.eventId)).toEqual(['evt_1']);

    // Deleting the endpoint deletes its deliveries and their attempts.
    await stores.webhookEndpoints.delete('ep_s');
    expect(await stores.partnerEvents.findDelivery(first)).toBeUndefined();
  });

  it('finds inbound hooks only by their token hash and remembers each item once', async () => {
    const { stores, database } = fixture().storage;
    await database.db
      .insertInto('accounts')
      .values({
        id: 'acct-in',
        name: 'In',
        description: null,
        timezone: null,
        created_at: 1,
        next_bill_date: 1,
        audit_info: null,
        task_audit_info: null,
        step_data_success_retention_hours: null,
        step_data_errored_retention_hours: null,
        transaction_error_webhook_enabled: null,
        transaction_error_webhook_url: null,
        transaction_error_webhook_include_warnings: null,
      })
      .execute();
    const hook = await stores.inboundHooks.insertHook(
      {
        kind: 'generic',
        accountId: 'acct-in',
        accountConnectorId: null,
        cycleId: 'cycle-1',
        event: null,
        providerHookId: null,
        status: 'active',
        lastError: null,
        createdAt: 10,
      },
      'hash-1',
    );
    expect(await stores.inboundHooks.findHookByTokenHash('hash-1')).toEqual(hook);
    expect(await stores.inboundHooks.findHookByTokenHash('hash-2')).toBeUndefined();
    expect((await stores.inboundHooks.hooksOfCycle('cycle-1', ['active'])).map((h) => h.id)).toEqual([
      hook.id,
    ]);
    expect(await stores.inboundHooks.hooksOfCycle('cycle-1', ['retired'])).toEqual([]);
    expect(
      await stores.inboundHooks.updateHook(hook.id, { tokenHash: 'hash-2', status: 'retired' }, 11),
    ).toBe(true);
    expect(await stores.inboundHooks.findHookByTokenHash('hash-1')).toBeUndefined();
    expect(await stores.inboundHooks.findHookByTokenHash('hash-2')).toMatchObject({
      status: 'retired',
      updatedAt: 11,
    });

    const body = '{"event":"party/created","payload":[{"id":1}]}';
    const deliveryId = await stores.inboundHooks.insertDelivery({
      hookId: hook.id,
      accountId: 'acct-in',
      receivedAt: 20,
      contentType: 'application/json',
      body,
      status: 'received',
    });
    await stores.inboundHooks.updateDelivery(deliveryId, {
      status: 'dead',
      attempts: 3,
      lastError: 'The body is not JSON.',
    });
    expect(await stores.inboundHooks.findDelivery(deliveryId)).toMatchObject({
      body,
      status: 'dead',
      attempts: 3,
      lastError: 'The body is not JSON.',
      items: null,
    });
    expect((await stores.inboundHooks.listDeliveries(hook.id, 5)).map((d) => d.id)).toEqual([deliveryId]);

    expect(await stores.inboundHooks.rememberItem('ac:1', 'k1', 30)).toBe(true);
    expect(await stores.inboundHooks.rememberItem('ac:1', 'k1', 31)).toBe(false);
    expect(await stores.inboundHooks.rememberItem('ac:2', 'k1', 32)).toBe(true);
    expect(await stores.inboundHooks.forgetItemsBefore(32)).toBe(1);
    expect(await stores.inboundHooks.rememberItem('ac:1', 'k1', 40)).toBe(true);
  });
});
