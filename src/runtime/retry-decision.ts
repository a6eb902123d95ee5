/**
 * Whether to try a failed provider request again, decided from the connector's data alone: a pure
 * function with its reason spelled out, so the executor stays a loop and the policy is testable.
 * Retries happen at this one layer only, bounded by `maxAttempts`, so an outage is not amplified.
 */
import type { RateLimitSettings, RetrySettings } from '../connectors/connector-definition.ts';
import type { ResponseHeaders } from './http-headers.ts';
import { blockedUntil, retryAfterAt } from './rate-limit-signals.ts';

/** How an attempt failed. */
export type AttemptFailure =
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly headers: ResponseHeaders;
    }
  | {
      readonly kind: 'network';
      /** `connect`: no connection (refused, DNS, connect timeout); `tls`: the handshake failed. */
      readonly error: NetworkErrorKind;
      /** False when the failure happened before any of the request was written to the provider. */
      readonly requestSent: boolean;
    };

/** How a network failure happened, as the HTTP client reports it. */
/** `refused`: the outbound address policy refused the host or the address it resolved to. */
export type NetworkErrorKind = 'connect' | 'tls' | 'timeout' | 'reset' | 'aborted' | 'refused' | 'other';

export interface RetryQuestion {
  /** 1-based number of the attempt that just failed. */
  readonly attempt: number;
  readonly httpMethod: string;
  /** The method's own `idempotent` setting, when it has one (overrides `idempotentMethods`). */
  readonly idempotent?: boolean | undefined;
  readonly failure: AttemptFailure;
  /** Current time in epoch milliseconds (rate-limit resets are absolute times). */
  readonly nowMs: number;
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: string }
  | { readonly retry: false; readonly reason: string };

/** The parts of a connector definition the decision reads. */
export interface RetryPolicy {
  readonly retry: RetrySettings;
  readonly rateLimits: RateLimitSettings;
}

/**
 * Decides whether attempt `attempt + 1` should happen and after how long. A request that may have
 * reached the provider is repeated only when it is idempotent; one that never left (refused
 * connection, DNS failure) may always be repeated. Delays are capped exponential backoff with full
 * jitter (`random` in [0, 1) is injectable), or the provider's own wait when it says how long.
 */
export function decideRetry(
  policy: RetryPolicy,
  question: RetryQuestion,
  random: () => number = Math.random,
): RetryDecision {
  const { retry } = policy;
  const { attempt, failure } = question;
  const idempotent = question.idempotent ?? retry.idempotentMethods.some((m) => m === question.httpMethod);
  const what = failure.kind === 'status' ? `status ${failure.status}` : `${failure.error} error`;
  if (attempt >= retry.maxAttempts) {
    return { retry: false, reason: `${what} on attempt ${attempt} of ${retry.maxAttempts}; out of attempts` };
  }
  const backoff = Math.floor(random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));

  if (failure.kind === 'network') {
    if (!retry.retryNetworkErrors) return { retry: false, reason: `${what}; network errors are not retried` };
    if (failure.error === 'aborted' || failure.error === 'tls' || failure.error === 'refused') {
      return { retry: false, reason: `${what}; retrying would not help` };
    }
    if (!failure.requestSent) {
      return { retry: true, delayMs: backoff, reason: `${what} before the request was sent` };
    }
    if (!idempotent) {
      return { retry: false, reason: `${what} after ${question.httpMethod} may have reached the provider` };
    }
    return { retry: true, delayMs: backoff, reason: `${what} on an idempotent ${question.httpMethod}` };
  }

  if (!idempotent)
    return { retry: false, reason: `${what} on ${question.httpMethod}, which is not repeated` };
  if (failure.status === 429) {
    const wait = blockedUntil(policy.rateLimits, failure.headers, question.nowMs) - question.nowMs;
    return wait <= retry.maxDelayMs
      ? { retry: true, delayMs: wait, reason: `${what}; the provider's limit resets in ${wait} ms` }
      : { retry: false, reason: `${what}; the provider's limit resets in ${Math.ceil(wait / 1000)} s` };
  }
  if (!retry.retryStatuses.includes(failure.status))
    return { retry: false, reason: `${what} is not retried` };
  const askedAt = retryAfterAt(failure.headers, question.nowMs);
  const asked = askedAt === undefined ? undefined : Math.max(0, askedAt - question.nowMs);
  if (asked === undefined) return { retry: true, delayMs: backoff, reason: `${what} is transient` };
  return asked <= retry.maxDelayMs
    ? {
        retry: true,
        delayMs: Math.max(asked, backoff),
        reason: `${what}; the provider asked to wait ${asked} ms`,
      }
    : { retry: false, reason: `${what}; the provider asked to wait ${Math.ceil(asked / 1000)} s` };
}
