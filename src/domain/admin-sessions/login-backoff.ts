import type { FailureCount } from './admin-session-store.ts';

/** How quickly repeated failed sign-ins are slowed down for one subject. */
export interface BackoffPolicy {
  /** Failures allowed before any wait. */
  readonly freeFailures: number;
  /** The first wait; each further failure doubles it. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A failure older than this no longer counts. */
  readonly forgetAfterMs: number;
}

/** Per username: a few typing mistakes are free, then 1 s, 2 s, 4 s … up to 15 minutes. */
export const USERNAME_BACKOFF: BackoffPolicy = {
  freeFailures: 3,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
};

/** Per client address: looser, since several people may share one address. */
export const ADDRESS_BACKOFF: BackoffPolicy = {
  freeFailures: 10,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

/** The failures that still count at `now` (a stale counter counts as none). */
export function currentFailures(count: FailureCount, now: number, policy: BackoffPolicy): number {
  if (count.lastFailedAt === null || now - count.lastFailedAt > policy.forgetAfterMs) return 0;
  return count.failures;
}

/** Milliseconds to wait before the next attempt may be checked; 0 when it may be checked now. */
export function waitBeforeAttempt(count: FailureCount, now: number, policy: BackoffPolicy): number {
  const failures = currentFailures(count, now, policy);
  if (failures < policy.freeFailures || count.lastFailedAt === null) return 0;
  const exponent = Math.min(failures - policy.freeFailures, 30);
  const delay = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
  return Math.max(0, count.lastFailedAt + delay - now);
}

/** The counter after one more failure at `now`. */
export function afterFailure(count: FailureCount, now: number, policy: BackoffPolicy): FailureCount {
  return { failures: currentFailures(count, now, policy) + 1, lastFailedAt: now };
}
