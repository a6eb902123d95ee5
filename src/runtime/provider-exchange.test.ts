import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../connectors/capsule-v2/index.ts';
import { parseApiBase } from './api-base.ts';
import {
  type HttpClient,
  type HttpRequest,
  ReauthenticationRequiredError,
  TokenUnavailableError,
} from './ports.ts';
import { type ExchangeContext, exchange } from './provider-exchange.ts';
import { FakeBudget, FakeTokens } from './test-support/scripted-provider.ts';

const BASE = 'https://api.capsulecrm.com/api/v2';

/** A client answering with the given statuses in turn, remembering what it was asked. */
function scriptedClient(statuses: number[]): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return {
    sent,
    async send(request) {
      sent.push(request);
      return { status: statuses.shift() ?? 200, headers: {}, body: Readable.from([]) };
    },
  };
}

function context(http: HttpClient, budget = new FakeBudget(), tokens = new FakeTokens()): ExchangeContext {
  return {
    definition: CAPSULE_V2,
    apiBase: parseApiBase(BASE),
    tokens,
    budget,
    http,
    sleep: async () => {},
    now: () => 0,
    random: () => 0,
    timeoutMs: 1_000,
    maxBudgetWaitMs: 2_000,
  };
}

describe('exchange', () => {
  it('does not count the resend after a refresh as one of maxAttempts', async () => {
    const http = scriptedClient([401, 503, 503, 200]);
    const result = await exchange(context(http), { method: 'GET', url: `${BASE}/site`, headers: {} });
    expect(result.ok && result.response.status).toBe(200);
    expect(http.sent.map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-2',
      'Bearer tok-2',
      'Bearer tok-2',
    ]);
  });

  it('does not resend a streamed body after a transient failure', async () => {
    const http = scriptedClient([503, 200]);
    const body = Readable.from([Buffer.from('x')]);
    const result = await exchange(context(http), { method: 'GET', url: `${BASE}/site`, headers: {}, body });
    expect(result.ok && result.response.status).toBe(503);
    expect(http.sent).toHaveLength(1);
  });

  it('ends with a 429 when the budget keeps asking for zero-millisecond waits', async () => {
    const budget = new FakeBudget();
    budget.take = async () => ({ granted: false, retryAfterMs: 0 });
    const http = scriptedClient([]);
    const result = await exchange(context(http, budget), { method: 'GET', url: `${BASE}/site`, headers: {} });
    expect(result).toMatchObject({ ok: false, failure: { code: 'rate_limited' } });
    expect(http.sent).toHaveLength(0);
  });

  it('refuses to attach the token to a URL outside the API base', async () => {
    const http = scriptedClient([]);
    await expect(
      exchange(context(http), { method: 'GET', url: 'https://evil.example/api/v2/site', headers: {} }),
    ).rejects.toThrow('Refusing to send credentials outside the API base URL.');
    expect(http.sent).toHaveLength(0);
  });

  it('reports a token source without usable credentials as needing re-authentication', async () => {
    const tokens = new FakeTokens();
    tokens.current = async () => {
      throw new ReauthenticationRequiredError('no credentials');
    };
    const http = scriptedClient([]);
    const result = await exchange(context(http, new FakeBudget(), tokens), {
      method: 'GET',
      url: `${BASE}/site`,
      headers: {},
    });
    expect(result).toMatchObject({ ok: false, failure: { needsReauthentication: true } });
    expect(http.sent).toHaveLength(0);
  });

  it("passes the token source's own wait on to the caller when no token can be had yet", async () => {
    const tokens = new FakeTokens();
    tokens.current = async () => {
      throw new TokenUnavailableError('the token endpoint is backing off', 42);
    };
    const http = scriptedClient([]);
    const result = await exchange(context(http, new FakeBudget(), tokens), {
      method: 'GET',
      url: `${BASE}/site`,
      headers: {},
    });
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'provider_retry_later', retryAfterSeconds: 42 },
    });
    expect(http.sent).toHaveLength(0);
  });
});
