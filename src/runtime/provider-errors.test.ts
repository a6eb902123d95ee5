import { describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../connectors/capsule-v2/index.ts';
import {
  judgeProviderResponse,
  networkFailure,
  type ProviderResponseFacts,
  redactFailure,
} from './provider-errors.ts';

const NOW = 1_434_037_000_000;
const judge = (facts: Partial<ProviderResponseFacts> & { status: number }) =>
  judgeProviderResponse(CAPSULE_V2, {
    headers: {},
    body: undefined,
    alreadyRefreshed: false,
    nowMs: NOW,
    ...facts,
  });

describe('judgeProviderResponse', () => {
  it.each([200, 201, 202, 204])('passes %i through', (status) => {
    expect(judge({ status })).toEqual({ action: 'pass-through' });
  });

  it("answers 404 with Capsule's message", () => {
    expect(judge({ status: 404, body: { message: 'Could not find resource' } })).toEqual({
      action: 'fail',
      failure: {
        ok: false,
        code: 'not_found',
        message: 'Capsule returned 404: Could not find resource',
        providerStatus: 404,
      },
    });
  });

  it("answers 422 with Capsule's field errors as details", () => {
    const errors = [{ message: 'name must be unique', resource: 'party', field: 'name' }];
    expect(judge({ status: 422, body: { message: 'Validation Failed', errors } })).toEqual({
      action: 'fail',
      failure: {
        ok: false,
        code: 'provider_validation_failed',
        message: 'Capsule returned 422: Validation Failed',
        providerStatus: 422,
        details: errors,
      },
    });
  });

  it('asks for one refresh on the first 401, and for re-authentication when it survives', () => {
    expect(judge({ status: 401 })).toEqual({ action: 'refresh-and-retry' });
    expect(judge({ status: 401, alreadyRefreshed: true })).toMatchObject({
      action: 'fail',
      failure: { code: 'needs_reauthentication', needsReauthentication: true },
    });
  });

  it('answers 403 as forbidden', () => {
    expect(judge({ status: 403, body: { message: 'Insufficient scope' } })).toMatchObject({
      failure: { code: 'forbidden', message: 'Capsule returned 403: Insufficient scope' },
    });
  });

  it('answers 429 with the time X-RateLimit-Reset gives', () => {
    const verdict = judge({
      status: 429,
      headers: { 'x-ratelimit-reset': '1434037662' },
      body: { error: 'rate limit reached' },
    });
    expect(verdict).toMatchObject({
      failure: {
        code: 'rate_limited',
        retryAfterSeconds: 662,
        blockedUntil: 1_434_037_662_000,
        message: 'The rate limit for Capsule was reached; try again in 662 s.',
      },
    });
  });

  it('answers a provider 5xx with 502 naming the status', () => {
    expect(judge({ status: 503 })).toMatchObject({
      failure: {
        code: 'provider_unavailable',
        message: 'Capsule returned 503',
        providerStatus: 503,
      },
    });
  });

  it('answers a redirect with 502 instead of following it', () => {
    expect(judge({ status: 302 })).toMatchObject({ failure: { code: 'provider_redirected' } });
  });

  it('answers other 4xx with 400, quoting the provider', () => {
    expect(judge({ status: 405, body: { message: 'Method not allowed' } })).toMatchObject({
      failure: { code: 'provider_rejected', message: 'Capsule returned 405: Method not allowed' },
    });
  });

  it('cleans control characters out of a provider message and shortens it', () => {
    const verdict = judge({ status: 404, body: { message: `bad\r\nX-Injected: 1 ${'x'.repeat(400)}` } });
    expect(verdict.action === 'fail' && verdict.failure.message).toMatch(
      /^Capsule returned 404: bad X-Injected: 1 x+…$/,
    );
    expect(verdict.action === 'fail' && verdict.failure.message.length).toBeLessThan(340);
  });
});

describe('networkFailure', () => {
  it('answers a timeout with 504 and a refused connection with 502', () => {
    expect(networkFailure('Capsule', 'timeout', 30_000)).toMatchObject({
      code: 'provider_timeout',
      message: 'Capsule did not answer within 30 s.',
    });
    expect(networkFailure('Capsule', 'connect', 30_000)).toMatchObject({
      code: 'provider_unavailable',
    });
  });
});

describe('redactFailure', () => {
  it('removes the token from the message and from nested details', () => {
    const failure = redactFailure(
      {
        ok: false,
        code: 'provider_validation_failed',
        message: 'token tok_123 rejected',
        details: [{ message: 'bad tok_123', nested: { tok_123: ['tok_123'] } }],
      },
      'tok_123',
    );
    expect(JSON.stringify(failure)).not.toContain('tok_123');
    expect(failure.message).toBe('token [redacted] rejected');
  });
});
