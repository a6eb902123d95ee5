/**
 * What a provider says about its own rate limit, read from its response headers as the connector
 * definition names them. Capsule sends `X-RateLimit-Limit/Remaining/Reset` (Reset in epoch seconds) and
 * no `Retry-After`; a 429 therefore blocks until Reset, or for `defaultBackoffSeconds` without one.
 */
import type { RateLimitSettings } from '../connectors/connector-definition.ts';
import { headerValue, type ResponseHeaders } from './http-headers.ts';

/** The provider's own view of the limit after one response (times in epoch milliseconds). */
export interface RateLimitSignal {
  /** Requests allowed per window, when reported. */
  readonly limit?: number;
  /** Requests left in the current window, when reported. */
  readonly remaining?: number;
  /** When the current window resets, when reported. */
  readonly resetAt?: number;
  /** Set after a 429: no request should go to the provider for this account before this time. */
  readonly blockedUntil?: number;
}

/** A provider's wait that Plugboard honours at most (a wrong header must not block an account for days). */
export const MAX_BLOCK_MS = 24 * 60 * 60 * 1000;

/**
 * The rate-limit signal of one response, or `undefined` when the provider reported nothing and the
 * status is not 429. `nowMs` is the current time in epoch milliseconds.
 */
export function readRateLimitSignal(
  settings: RateLimitSettings,
  status: number,
  headers: ResponseHeaders,
  nowMs: number,
): RateLimitSignal | undefined {
  const names = settings.headers;
  const limit = names.limit ? nonNegativeNumber(headerValue(headers, names.limit)) : undefined;
  const remaining = names.remaining ? nonNegativeNumber(headerValue(headers, names.remaining)) : undefined;
  const resetAt = readReset(settings, headers, nowMs);
  const signal: { -readonly [K in keyof RateLimitSignal]: RateLimitSignal[K] } = {};
  if (limit !== undefined) signal.limit = limit;
  if (remaining !== undefined) signal.remaining = remaining;
  if (resetAt !== undefined) signal.resetAt = resetAt;
  if (status === 429) signal.blockedUntil = blockedUntil(settings, headers, nowMs);
  return Object.keys(signal).length === 0 ? undefined : signal;
}

/**
 * When a refused (429) caller may try again: `Retry-After` if the provider sent one (seconds or an
 * HTTP date), else the reset time if it is in the future, else now + `defaultBackoffSeconds`; never
 * more than `MAX_BLOCK_MS` ahead.
 */
export function blockedUntil(settings: RateLimitSettings, headers: ResponseHeaders, nowMs: number): number {
  const retryAfter = retryAfterAt(headers, nowMs, settings.headers.retryAfter);
  const reset = readReset(settings, headers, nowMs);
  const candidate =
    retryAfter !== undefined && retryAfter > nowMs
      ? retryAfter
      : reset !== undefined && reset > nowMs
        ? reset
        : nowMs + settings.defaultBackoffSeconds * 1000;
  return Math.min(candidate, nowMs + MAX_BLOCK_MS);
}

function readReset(settings: RateLimitSettings, headers: ResponseHeaders, nowMs: number): number | undefined {
  const name = settings.headers.reset;
  const value = name ? nonNegativeNumber(headerValue(headers, name)) : undefined;
  if (value === undefined) return undefined;
  return settings.headers.resetFormat === 'seconds-from-now' ? nowMs + value * 1000 : value * 1000;
}

/**
 * The time (epoch ms) a `Retry-After` header asks to wait until, given in seconds or as an HTTP date;
 * `undefined` when absent or unreadable. `name` defaults to the standard header.
 */
export function retryAfterAt(
  headers: ResponseHeaders,
  nowMs: number,
  name = 'retry-after',
): number | undefined {
  const raw = headerValue(headers, name)?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+$/.test(raw)) return nowMs + Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : date;
}

function nonNegativeNumber(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.split(',')[0]?.trim() ?? '';
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}
