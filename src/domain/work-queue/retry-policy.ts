/** Where the first retry starts and where the default backoff stops growing. */
export const DEFAULT_BACKOFF_BASE_MS = 5_000;
export const DEFAULT_BACKOFF_CAP_MS = 60 * 60 * 1000;

/** The default backoff before retry `attempt` (1-based): 5 s, 10 s, 20 s … capped at one hour. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(DEFAULT_BACKOFF_CAP_MS, DEFAULT_BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

export type RetryDecision =
  | { readonly kind: 'retry'; readonly retryAt: number }
  | { readonly kind: 'dead'; readonly reason: 'permanent' | 'attempts_exhausted' };

export interface FailedAttempt {
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** The handler said retrying cannot help. */
  readonly permanent: boolean;
  readonly now: number;
  readonly backoffMs?: (attempt: number) => number;
  /** A number in [0, 1); injected so tests are exact. */
  readonly random?: () => number;
}

/**
 * What happens after a failed attempt: dead when the failure is permanent or the attempts are spent,
 * otherwise a retry after the kind's backoff with ±25 % jitter, so jobs that failed together (a
 * provider outage) do not all come back in the same instant.
 */
export function decideRetry(failed: FailedAttempt): RetryDecision {
  if (failed.permanent) return { kind: 'dead', reason: 'permanent' };
  if (failed.attempt >= failed.maxAttempts) return { kind: 'dead', reason: 'attempts_exhausted' };
  const base = Math.max(0, (failed.backoffMs ?? defaultBackoffMs)(failed.attempt));
  const jitter = 0.75 + 0.5 * (failed.random ?? Math.random)();
  return { kind: 'retry', retryAt: failed.now + Math.round(base * jitter) };
}
