import { describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../connectors/capsule-v2/index.ts';
import { type AttemptFailure, decideRetry, type RetryPolicy } from './retry-decision.ts';

const policy: RetryPolicy = CAPSULE_V2; // maxAttempts 3, base 200 ms, cap 5 s, 502/503/504, GET and DELETE
const NOW = 1_700_000_000_000;
const status = (code: number, headers = {}): AttemptFailure => ({ kind: 'status', status: code, headers });
const network = (
  requestSent: boolean,
  error: 'connect' | 'reset' | 'timeout' | 'tls' = 'connect',
): AttemptFailure => ({
  kind: 'network',
  error,
  requestSent,
});
const ask = (httpMethod: string, failure: AttemptFailure, attempt = 1, idempotent?: boolean) =>
  decideRetry(policy, { attempt, httpMethod, idempotent, failure, nowMs: NOW }, () => 0.5);

describe('decideRetry', () => {
  it('retries a 503 on a GET with jittered backoff', () => {
    expect(ask('GET', status(503))).toEqual({ retry: true, delayMs: 100, reason: 'status 503 is transient' });
  });

  it('doubles the backoff ceiling with each attempt', () => {
    expect(ask('GET', status(503), 2)).toMatchObject({ retry: true, delayMs: 200 });
  });

  it('caps the backoff at maxDelayMs', () => {
    const late = decideRetry(
      { ...policy, retry: { ...policy.retry, maxAttempts: 20 } },
      { attempt: 15, httpMethod: 'GET', failure: status(503), nowMs: NOW },
      () => 0.999,
    );
    expect(late).toMatchObject({ retry: true, delayMs: 4995 });
  });

  it('stops after maxAttempts in total', () => {
    expect(ask('GET', status(503), 3)).toEqual({
      retry: false,
      reason: 'status 503 on attempt 3 of 3; out of attempts',
    });
  });

  it('never retries a POST that got an answer', () => {
    expect(ask('POST', status(503))).toEqual({
      retry: false,
      reason: 'status 503 on POST, which is not repeated',
    });
  });

  it('does not retry a PUT, because Capsule appends nested items on update', () => {
    expect(ask('PUT', status(503)).retry).toBe(false);
  });

  it('retries a read-only POST the method marks idempotent', () => {
    expect(ask('POST', status(503), 1, true).retry).toBe(true);
  });

  it('retries a POST whose connection failed before it was sent', () => {
    expect(ask('POST', network(false))).toEqual({
      retry: true,
      delayMs: 100,
      reason: 'connect error before the request was sent',
    });
  });

  it('does not retry a POST whose connection broke after sending', () => {
    expect(ask('POST', network(true, 'reset'))).toEqual({
      retry: false,
      reason: 'reset error after POST may have reached the provider',
    });
  });

  it('retries a GET whose connection broke after sending', () => {
    expect(ask('GET', network(true, 'timeout')).retry).toBe(true);
  });

  it('does not retry a failed TLS handshake', () => {
    expect(ask('GET', network(false, 'tls')).retry).toBe(false);
  });

  it('does not retry network errors when the connector says not to', () => {
    const strict = { ...policy, retry: { ...policy.retry, retryNetworkErrors: false } };
    const decision = decideRetry(strict, {
      attempt: 1,
      httpMethod: 'GET',
      failure: network(false),
      nowMs: NOW,
    });
    expect(decision).toEqual({ retry: false, reason: 'connect error; network errors are not retried' });
  });

  it.each([400, 401, 403, 404, 422])('does not retry status %i', (code) => {
    expect(ask('GET', status(code)).retry).toBe(false);
  });

  it('waits for a rate limit that resets within the delay cap', () => {
    const decision = ask('GET', status(429, { 'x-ratelimit-reset': String((NOW + 2_000) / 1000) }));
    expect(decision).toEqual({
      retry: true,
      delayMs: 2_000,
      reason: "status 429; the provider's limit resets in 2000 ms",
    });
  });

  it('gives up on a rate limit that resets later than the delay cap', () => {
    const decision = ask('GET', status(429, { 'x-ratelimit-reset': String((NOW + 600_000) / 1000) }));
    expect(decision).toEqual({ retry: false, reason: "status 429; the provider's limit resets in 600 s" });
  });

  it("honours a 503's Retry-After when it is short, and gives up when it is long", () => {
    expect(ask('GET', status(503, { 'retry-after': '1' }))).toMatchObject({ retry: true, delayMs: 1_000 });
    expect(ask('GET', status(503, { 'retry-after': '120' })).retry).toBe(false);
  });
});
