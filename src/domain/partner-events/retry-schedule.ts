/**
 * When an event delivery is tried again, as a pure decision. Network errors, 5xx, 408 and 429 are
 * retried on a schedule that starts within seconds and spreads over three days (Standard Webhooks'
 * advice; the first retry comes within 10 s); any other answer is final.
 */
export interface RetrySchedule {
  /** Waits before retry 1, 2, …; the last repeats until the window closes. */
  readonly delaysMs: readonly number[];
  /** How long after the first attempt retries stop and the delivery is dead. */
  readonly windowMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: [
    5 * SECOND,
    30 * SECOND,
    2 * MINUTE,
    10 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    4 * HOUR,
    8 * HOUR,
    12 * HOUR,
  ],
  windowMs: 72 * HOUR,
};

export type AttemptResult =
  | { readonly kind: 'answered'; readonly status: number; readonly retryAfterMs?: number }
  | { readonly kind: 'network-error' };

export type RetryDecision =
  | { readonly action: 'delivered' }
  | { readonly action: 'retry'; readonly at: number; readonly reason: string }
  | { readonly action: 'give-up'; readonly final: 'Failed' | 'Dead'; readonly reason: string };

/** True for the answers worth retrying: 408, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * What to do after attempt number `attempt` (1-based) of a delivery first attempted at
 * `firstAttemptAt`. A `Retry-After` longer than the schedule's wait is honoured (within the window).
 */
export function decideRetry(
  result: AttemptResult,
  attempt: number,
  firstAttemptAt: number,
  now: number,
  schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE,
): RetryDecision {
  if (result.kind === 'answered' && result.status >= 200 && result.status < 300)
    return { action: 'delivered' };
  const reason = result.kind === 'network-error' ? 'no answer' : `answered ${result.status}`;
  if (result.kind === 'answered' && !isRetryableStatus(result.status)) {
    return { action: 'give-up', final: 'Failed', reason: `${reason}, which is not retried` };
  }
  const deadline = firstAttemptAt + schedule.windowMs;
  if (now >= deadline) return { action: 'give-up', final: 'Dead', reason: `${reason}; out of retries` };
  const fallback = schedule.delaysMs[schedule.delaysMs.length - 1] ?? schedule.windowMs;
  const wait = Math.max(
    schedule.delaysMs[attempt - 1] ?? fallback,
    result.kind === 'answered' ? (result.retryAfterMs ?? 0) : 0,
  );
  return { action: 'retry', at: Math.min(now + wait, deadline), reason };
}
