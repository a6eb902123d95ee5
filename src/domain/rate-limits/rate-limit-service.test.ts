import { describe, expect, it } from 'vitest';
import { RateLimitService } from './rate-limit-service.ts';
import type { RateLimitStore } from './rate-limit-store.ts';

function memoryStore(): RateLimitStore & { counters: Map<string, number> } {
  const counters = new Map<string, number>();
  return {
    counters,
    async increment(bucket, windowStart) {
      return this.add(bucket, windowStart, 1);
    },
    async add(bucket, windowStart, n) {
      const key = `${bucket}@${windowStart}`;
      const count = (counters.get(key) ?? 0) + n;
      counters.set(key, count);
      return count;
    },
    async deleteBefore(bucket, windowStart) {
      for (const key of [...counters.keys()]) {
        const [b, start] = key.split('@');
        if (b === bucket && Number(start) < windowStart) counters.delete(key);
      }
    },
  };
}

describe('RateLimitService', () => {
  it('allows the limit per one-minute window, then refuses until the window ends', async () => {
    let now = 120_000 + 45_500;
    const limiter = new RateLimitService(memoryStore(), 2, () => now);
    expect(await limiter.consume('client:a')).toMatchObject({ allowed: true, remaining: 1, limit: 2 });
    expect(await limiter.consume('client:a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.consume('client:a')).toEqual({
      allowed: false,
      limit: 2,
      remaining: 0,
      resetAt: 180_000,
      retryAfterSeconds: 15,
    });
    now = 180_000;
    expect(await limiter.consume('client:a')).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('keeps one bucket per caller and tidies a bucket’s old windows', async () => {
    let now = 0;
    const store = memoryStore();
    const limiter = new RateLimitService(store, 1, () => now);
    await limiter.consume('client:a');
    expect(await limiter.consume('client:b')).toMatchObject({ allowed: true });
    now = 60_000;
    await limiter.consume('client:a');
    expect([...store.counters.keys()].sort()).toEqual(['client:a@60000', 'client:b@0']);
  });

  it('is off at a limit of 0', async () => {
    const store = memoryStore();
    const limiter = new RateLimitService(store, 0, () => 0);
    expect(await limiter.consume('client:a')).toBeNull();
    expect(store.counters.size).toBe(0);
  });
});
