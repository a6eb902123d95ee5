import { describe, expect, it } from 'vitest';
import { afterFailure, type BackoffPolicy, currentFailures, waitBeforeAttempt } from './login-backoff.ts';

const POLICY: BackoffPolicy = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 };

describe('login backoff', () => {
  it('lets the free failures through without a wait', () => {
    expect(waitBeforeAttempt({ failures: 0, lastFailedAt: null }, 0, POLICY)).toBe(0);
    expect(waitBeforeAttempt({ failures: 2, lastFailedAt: 1000 }, 1000, POLICY)).toBe(0);
  });

  it('doubles the wait with each failure past the free ones, up to the maximum', () => {
    expect(waitBeforeAttempt({ failures: 3, lastFailedAt: 1000 }, 1000, POLICY)).toBe(1000);
    expect(waitBeforeAttempt({ failures: 4, lastFailedAt: 1000 }, 1000, POLICY)).toBe(2000);
    expect(waitBeforeAttempt({ failures: 5, lastFailedAt: 1000 }, 1000, POLICY)).toBe(4000);
    expect(waitBeforeAttempt({ failures: 9, lastFailedAt: 1000 }, 1000, POLICY)).toBe(8000);
    expect(waitBeforeAttempt({ failures: 500, lastFailedAt: 1000 }, 1000, POLICY)).toBe(8000);
  });

  it('counts the wait from the last failure', () => {
    expect(waitBeforeAttempt({ failures: 4, lastFailedAt: 1000 }, 2500, POLICY)).toBe(500);
    expect(waitBeforeAttempt({ failures: 4, lastFailedAt: 1000 }, 3000, POLICY)).toBe(0);
  });

  it('forgets failures older than the policy says', () => {
    const stale = { failures: 9, lastFailedAt: 1000 };
    expect(currentFailures(stale, 1000 + 60_001, POLICY)).toBe(0);
    expect(waitBeforeAttempt(stale, 1000 + 60_001, POLICY)).toBe(0);
    expect(afterFailure(stale, 1000 + 60_001, POLICY)).toEqual({ failures: 1, lastFailedAt: 61_001 });
    expect(afterFailure({ failures: 2, lastFailedAt: 5 }, 10, POLICY)).toEqual({
      failures: 3,
      lastFailedAt: 10,
    });
  });
});
