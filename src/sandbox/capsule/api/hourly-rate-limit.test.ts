import { describe, expect, it } from 'vitest';
import { HourlyRateLimiter } from './hourly-rate-limit.ts';

const noon = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('HourlyRateLimiter', () => {
  it('keeps a separate quota for each user', () => {
    const limiter = new HourlyRateLimiter();
    limiter.take(1, 1, noon);

    expect(limiter.take(1, 1, noon).allowed).toBe(false);
    expect(limiter.take(2, 1, noon).allowed).toBe(true);
  });

  it('resets at the top of the next clock hour, not an hour after the first request', () => {
    const limiter = new HourlyRateLimiter();
    const quota = limiter.take(1, 1, noon + 59 * 60_000);

    expect(quota.resetEpochSeconds).toBe((noon + 3_600_000) / 1000);
    expect(limiter.take(1, 1, noon + 3_600_000).allowed).toBe(true);
  });

  it('applies a lowered limit to the current window at once', () => {
    const limiter = new HourlyRateLimiter();
    limiter.take(1, 10, noon);
    limiter.take(1, 10, noon);

    expect(limiter.take(1, 2, noon)).toMatchObject({ allowed: false, remaining: 0 });
  });
});
