import { describe, expect, it } from 'vitest';
import { BatchedCounter } from './batched-counter.ts';
import type { RateLimitStore } from './rate-limit-store.ts';

/** One shared "database" of counters, counting its writes. */
function sharedStore(): RateLimitStore & { writes: number; count(bucket: string, start: number): number } {
  const counters = new Map<string, number>();
  const store = {
    writes: 0,
    count: (bucket: string, start: number) => counters.get(`${bucket}@${start}`) ?? 0,
    async add(bucket: string, start: number, n: number) {
      store.writes += 1;
      const key = `${bucket}@${start}`;
      const total = (counters.get(key) ?? 0) + n;
      counters.set(key, total);
      return total;
    },
    increment: (bucket: string, start: number) => store.add(bucket, start, 1),
    async deleteBefore() {},
  };
  return store;
}

describe('BatchedCounter', () => {
  it('writes the first call of an interval through, then counts locally until a flush', async () => {
    const store = sharedStore();
    const counter = new BatchedCounter(store, () => 0);
    expect(await counter.increment('a', 0)).toBe(1);
    for (let i = 2; i <= 100; i++) expect(await counter.increment('a', 0)).toBe(i);
    expect(store.writes).toBe(1);
    expect(store.count('a', 0)).toBe(1);
    await counter.flush();
    expect(store.writes).toBe(2);
    expect(store.count('a', 0)).toBe(100);
    await counter.flush();
    expect(store.writes).toBe(2);
  });

  it('three processes keep a limit within the stated tolerance: the others’ calls of one flush interval', async () => {
    const store = sharedStore();
    const limit = 1_000;
    const processes = [0, 1, 2].map(() => new BatchedCounter(store, () => 0));
    // Each process admits calls while its own view of the count is within the limit; after every
    // "second" of calls (perInterval per process) every process flushes.
    const perInterval = 50;
    const admitted = [0, 0, 0];
    for (let interval = 0; interval < 20; interval++) {
      for (let call = 0; call < perInterval; call++) {
        for (const [i, counter] of processes.entries()) {
          if ((await counter.increment('client', 0)) <= limit) admitted[i] = (admitted[i] ?? 0) + 1;
        }
      }
      for (const counter of processes) await counter.flush();
    }
    const total = admitted.reduce((sum, n) => sum + n, 0);
    expect(total).toBeGreaterThanOrEqual(limit);
    expect(total).toBeLessThanOrEqual(limit + (processes.length - 1) * perInterval);
    expect(store.count('client', 0)).toBe(20 * perInterval * processes.length);
    // At most two writes per process per interval (the write-through and the flush), not one per call.
    expect(store.writes).toBeLessThanOrEqual(20 * 3 * 2);
  });

  it('forgets idle windows after flushing them, and writes what is left when closed', async () => {
    let now = 0;
    const store = sharedStore();
    const counter = new BatchedCounter(store, () => now, { idleMs: 1_000 });
    await counter.increment('a', 0);
    await counter.increment('a', 0);
    now = 5_000;
    await counter.close();
    expect(store.count('a', 0)).toBe(2);
    await counter.flush();
    expect(await counter.increment('a', 0)).toBe(3);
    expect(store.writes).toBe(3);
  });
});
