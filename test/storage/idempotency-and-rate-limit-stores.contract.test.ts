import { expect, it } from 'vitest';
import { sealContext } from '../../src/storage/encrypted-columns.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const response = {
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"Token":"secret-value"}',
};

describeOnEachDatabase('IdempotencyStore and RateLimitStore contract', (fixture) => {
  it('claims a key once per caller', async () => {
    const { idempotencyKeys } = fixture().storage.stores;
    expect(await idempotencyKeys.claim('client:a', 'k1', 'hash-1', 100)).toBe(true);
    expect(await idempotencyKeys.claim('client:a', 'k1', 'hash-2', 200)).toBe(false);
    expect(await idempotencyKeys.claim('client:b', 'k1', 'hash-2', 200)).toBe(true);
    expect(await idempotencyKeys.find('client:a', 'k1')).toEqual({
      clientKey: 'client:a',
      key: 'k1',
      requestHash: 'hash-1',
      createdAt: 100,
      response: null,
    });
    expect(await idempotencyKeys.find('client:a', 'other')).toBeUndefined();
  });

  it('stores the response sealed, bound to its caller and key, and opens it again', async () => {
    const { idempotencyKeys } = fixture().storage.stores;
    await idempotencyKeys.complete('client:a', 'k1', response, 150);
    expect((await idempotencyKeys.find('client:a', 'k1'))?.response).toEqual(response);
    const row = await fixture()
      .storage.database.db.selectFrom('idempotency_keys')
      .selectAll()
      .where('client_id', '=', 'client:a')
      .where('key', '=', 'k1')
      .executeTakeFirstOrThrow();
    expect(row.status_code).toBe(200);
    expect(row.completed_at).toBe(150);
    expect(row.response_ct).toMatch(/^pb1\./);
    expect(row.response_ct).not.toContain('secret-value');
    const ring = fixture().storage.keys.ring;
    expect(() =>
      ring.open(row.response_ct ?? '', sealContext('idempotency_keys', 'response_ct', 'client:b', 'k1')),
    ).toThrow();
  });

  it('removes a key only when it is the claim that was read', async () => {
    const { idempotencyKeys } = fixture().storage.stores;
    expect(await idempotencyKeys.remove('client:b', 'k1', 999)).toBe(false);
    expect(await idempotencyKeys.remove('client:b', 'k1', 200)).toBe(true);
    expect(await idempotencyKeys.find('client:b', 'k1')).toBeUndefined();
  });

  it('deletes at most the given number of keys created before a time', async () => {
    const { idempotencyKeys } = fixture().storage.stores;
    for (let i = 0; i < 4; i++) await idempotencyKeys.claim('client:c', `old-${i}`, 'h', 10);
    await idempotencyKeys.claim('client:c', 'new', 'h', 5000);
    expect(await idempotencyKeys.deleteCreatedBefore(1000, 3)).toBe(3);
    expect(await idempotencyKeys.deleteCreatedBefore(1000, 100)).toBe(2);
    expect(await idempotencyKeys.find('client:c', 'new')).toBeDefined();
    expect(await idempotencyKeys.find('client:a', 'k1')).toBeUndefined();
  });

  it('counts per bucket and window, atomically under concurrency', async () => {
    const { rateLimits } = fixture().storage.stores;
    const counts = await Promise.all(
      Array.from({ length: 20 }, () => rateLimits.increment('client:a', 60_000)),
    );
    expect(counts.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await rateLimits.increment('client:b', 60_000)).toBe(1);
    expect(await rateLimits.increment('client:a', 120_000)).toBe(1);
  });

  it('deletes a bucket’s earlier windows and nothing else', async () => {
    const { rateLimits } = fixture().storage.stores;
    await rateLimits.deleteBefore('client:a', 120_000);
    expect(await rateLimits.increment('client:a', 60_000)).toBe(1);
    expect(await rateLimits.increment('client:a', 120_000)).toBe(2);
    expect(await rateLimits.increment('client:b', 60_000)).toBe(2);
  });
});
