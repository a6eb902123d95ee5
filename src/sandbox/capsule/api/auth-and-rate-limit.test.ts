import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, PREFIX, startHarness } from '../testing/harness.ts';

let harness: Harness;
let token: string;

beforeEach(async () => {
  harness = await startHarness();
  token = (await harness.signIn()).access_token;
});
afterEach(async () => {
  await harness.close();
});

describe('bearer authentication', () => {
  it('answers a request without a token with 401 and a Bearer challenge', async () => {
    const response = await harness.inject({ url: `${PREFIX}/api/v2/parties` });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="api", error="invalid_token", error_description="No access token was provided"',
    );
    expect(response.json()).toEqual({ message: 'No access token was provided' });
  });

  it('answers an unknown token with 401 invalid_token', async () => {
    const response = await harness.api('GET', '/parties', 'not-a-token');

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.json()).toEqual({ message: 'The access token is invalid' });
  });

  it('answers a revoked token with 401', async () => {
    await harness.inject({ method: 'POST', url: `${PREFIX}/oauth/revoke`, payload: { token } });
    const response = await harness.api('GET', '/parties', token);

    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ message: 'The access token has been revoked' });
  });

  it('authenticates before telling unknown paths apart', async () => {
    const response = await harness.inject({ url: `${PREFIX}/api/v2/no-such-thing` });

    expect(response.statusCode).toBe(401);
  });

  it('answers a write with a read-only token with 403 insufficient_scope', async () => {
    const readOnly = (await harness.signIn({ scope: 'read' })).access_token;
    const response = await harness.api('POST', '/parties', readOnly, {
      party: { type: 'organisation', name: 'X' },
    });

    expect(response.statusCode).toBe(403);
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(response.json()).toEqual({ message: 'The access token does not have the write scope' });
    expect((await harness.api('GET', '/parties', readOnly)).statusCode).toBe(200);
  });

  it('lets a read-only token run filters, which are reads sent as POST', async () => {
    const readOnly = (await harness.signIn({ scope: 'read' })).access_token;
    const response = await harness.api('POST', '/parties/filters/results', readOnly, {
      filter: { conditions: [{ field: 'type', operator: 'is', value: 'organisation' }] },
    });

    expect(response.statusCode).toBe(200);
  });

  it('answers a token without read or write with 403 even for reads', async () => {
    const profileOnly = (await harness.signIn({ scope: 'openid profile' })).access_token;

    expect((await harness.api('GET', '/site', profileOnly)).statusCode).toBe(403);
  });
});

describe('rate limit', () => {
  const nextHour = Date.UTC(2026, 2, 10, 13, 0, 0) / 1000;

  it('sends X-RateLimit headers that count down on every response', async () => {
    harness.sandbox.switches.rateLimitPerHour = 3;
    const first = await harness.api('GET', '/site', token);
    const second = await harness.api('GET', '/site', token);

    expect(first.headers['x-ratelimit-limit']).toBe('3');
    expect(first.headers['x-ratelimit-remaining']).toBe('2');
    expect(second.headers['x-ratelimit-remaining']).toBe('1');
    expect(first.headers['x-ratelimit-reset']).toBe(String(nextHour));
  });

  it("answers 429 with Capsule's body and headers and no Retry-After once the hour's quota is used", async () => {
    harness.sandbox.switches.rateLimitPerHour = 2;
    await harness.api('GET', '/site', token);
    await harness.api('GET', '/site', token);
    const limited = await harness.api('GET', '/site', token);

    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: 'rate limit reached' });
    expect(limited.headers['x-ratelimit-limit']).toBe('2');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-reset']).toBe(String(nextHour));
    expect(limited.headers['retry-after']).toBeUndefined();
    expect(harness.sandbox.stats.apiRateLimited).toBe(1);
  });

  it('starts a fresh quota when the clock hour changes', async () => {
    harness.sandbox.switches.rateLimitPerHour = 1;
    await harness.api('GET', '/site', token);
    expect((await harness.api('GET', '/site', token)).statusCode).toBe(429);

    harness.clock.now = nextHour * 1000;
    const fresh = await harness.api('GET', '/site', token);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['x-ratelimit-reset']).toBe(String(nextHour + 3600));
  });

  it('counts all tokens of one user against the same quota', async () => {
    harness.sandbox.switches.rateLimitPerHour = 1;
    const other = (await harness.signIn()).access_token;
    await harness.api('GET', '/site', token);

    expect((await harness.api('GET', '/site', other)).statusCode).toBe(429);
  });
});

describe('injected faults', () => {
  it('answers the next fail5xx API requests with 503 and counts the switch down', async () => {
    harness.sandbox.switches.fail5xx = 2;

    expect((await harness.api('GET', '/site', token)).statusCode).toBe(503);
    expect((await harness.api('GET', '/site', token)).statusCode).toBe(503);
    expect((await harness.api('GET', '/site', token)).statusCode).toBe(200);
    expect(harness.sandbox.switches.fail5xx).toBe(0);
  });

  it('delays API responses by latencyMs', async () => {
    harness.sandbox.switches.latencyMs = 80;
    const started = performance.now();
    await harness.api('GET', '/site', token);

    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('counts every API request', async () => {
    const before = harness.sandbox.stats.apiRequests;
    await harness.api('GET', '/site', token);
    await harness.inject({ url: `${PREFIX}/api/v2/site` });

    expect(harness.sandbox.stats.apiRequests - before).toBe(2);
  });
});
