import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../connectors/capsule-v2/index.ts';
import type { MethodDefinition } from '../connectors/connector-definition.ts';
import { ReauthenticationRequiredError } from './ports.ts';
import { ProviderCaller, type ProviderCallerOptions } from './provider-call.ts';
import {
  FakeBudget,
  FakeTokens,
  json,
  readBody,
  type ScriptedProvider,
  startScriptedProvider,
} from './test-support/scripted-provider.ts';

const NOW = 1_700_000_000_000;

function method(name: string): MethodDefinition {
  const found = CAPSULE_V2.methods.find((m) => m.name === name);
  if (!found) throw new Error(`no method '${name}'`);
  return found;
}

let capsule: ScriptedProvider;
let tokens: FakeTokens;
let budget: FakeBudget;
let sleeps: number[];

beforeEach(async () => {
  capsule = await startScriptedProvider();
  tokens = new FakeTokens();
  budget = new FakeBudget();
  sleeps = [];
});
afterEach(() => capsule.close());

function caller(overrides: Partial<ProviderCallerOptions> = {}): ProviderCaller {
  return new ProviderCaller({
    definition: CAPSULE_V2,
    apiBaseUrl: `${capsule.origin}/api/v2`,
    tokens,
    budget,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => NOW,
    random: () => 0.5,
    ...overrides,
  });
}

describe('ProviderCaller.callMethod', () => {
  it('sends the bearer token and default headers and returns the parsed body', async () => {
    capsule.handle((_, res) =>
      json(
        res,
        200,
        { party: { id: 7 } },
        { 'X-RateLimit-Remaining': '3999', 'X-RateLimit-Reset': '1700003600' },
      ),
    );
    const result = await caller().callMethod(method('Get Party'), { Parameters: { id: 7, embed: 'tags' } });
    expect(result).toEqual({
      ok: true,
      status: 200,
      body: { party: { id: 7 } },
      headers: { 'x-ratelimit-remaining': '3999', 'x-ratelimit-reset': '1700003600' },
    });
    expect(capsule.arrived).toMatchObject([
      {
        method: 'GET',
        url: '/api/v2/parties/7?embed=tags',
        headers: { authorization: 'Bearer tok-1', accept: 'application/json' },
      },
    ]);
    expect(budget.observed).toEqual([{ remaining: 3999, resetAt: 1_700_003_600_000 }]);
  });

  it('sends the wrapped JSON body of a create', async () => {
    let received = '';
    capsule.handle(async (req, res) => {
      received = (await readBody(req)).toString();
      json(res, 201, { party: { id: 9 } }, { Location: `${capsule.origin}/api/v2/parties/9` });
    });
    const result = await caller().callMethod(method('Create Organisation'), {
      Fields: { type: 'organisation', name: 'Acme' },
    });
    expect(JSON.parse(received)).toEqual({ party: { type: 'organisation', name: 'Acme' } });
    expect(capsule.arrived[0]?.headers['content-type']).toBe('application/json');
    expect(result).toMatchObject({
      ok: true,
      status: 201,
      headers: { location: `${capsule.origin}/api/v2/parties/9` },
    });
  });

  it('refreshes once after a 401 and retries with the new token', async () => {
    capsule.handle((req, res) =>
      req.headers.authorization === 'Bearer tok-1'
        ? json(res, 401, { message: 'invalid token' })
        : json(res, 200, { user: { id: 1 } }),
    );
    const result = await caller().callMethod(method('Get Current User'), {});
    expect(result).toMatchObject({ ok: true, body: { user: { id: 1 } } });
    expect(capsule.arrived.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(tokens.refreshes).toBe(1);
  });

  it('asks for re-authentication when a refreshed token is refused too', async () => {
    capsule.handle((_, res) => json(res, 401, { message: 'invalid token' }));
    const result = await caller().callMethod(method('Get Current User'), {});
    expect(result).toMatchObject({
      ok: false,
      code: 'needs_reauthentication',
      needsReauthentication: true,
    });
    expect(capsule.arrived).toHaveLength(2);
    expect(tokens.refreshes).toBe(1);
  });

  it('asks for re-authentication when the refresh token is refused', async () => {
    tokens.refreshError = new ReauthenticationRequiredError('invalid_grant');
    capsule.handle((_, res) => json(res, 401, {}));
    const result = await caller().callMethod(method('Get Site'), {});
    expect(result).toMatchObject({ ok: false, needsReauthentication: true });
    expect(capsule.arrived).toHaveLength(1);
  });

  it('answers 503 without re-authentication when the token endpoint is down', async () => {
    tokens.refreshError = new Error('token endpoint answered 502');
    capsule.handle((_, res) => json(res, 401, {}));
    const result = await caller().callMethod(method('Get Site'), {});
    expect(result).toMatchObject({ ok: false, code: 'provider_retry_later' });
    expect(result).not.toHaveProperty('needsReauthentication');
  });

  it('retries a GET after a 503 and succeeds', async () => {
    capsule.handle((_, res, index) =>
      index === 0 ? json(res, 503, {}) : json(res, 200, { site: { name: 'Co' } }),
    );
    const result = await caller().callMethod(method('Get Site'), {});
    expect(result).toMatchObject({ ok: true, body: { site: { name: 'Co' } } });
    expect(capsule.arrived).toHaveLength(2);
    expect(sleeps).toEqual([100]);
  });

  it('gives up on a GET after maxAttempts 503s', async () => {
    capsule.handle((_, res) => json(res, 503, { message: 'Service Unavailable' }));
    const result = await caller().callMethod(method('Get Site'), {});
    expect(result).toMatchObject({
      ok: false,
      code: 'provider_unavailable',
      message: 'Capsule returned 503: Service Unavailable',
    });
    expect(capsule.arrived).toHaveLength(CAPSULE_V2.retry.maxAttempts);
  });

  it('does not retry a POST after a 503', async () => {
    capsule.handle((_, res, index) =>
      index === 0 ? json(res, 503, {}) : json(res, 201, { task: { id: 1 } }),
    );
    const result = await caller().callMethod(method('Create Task'), {
      Fields: { description: 'Call back', dueOn: '2025-05-20' },
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'provider_unavailable',
      message: 'Capsule returned 503',
    });
    expect(capsule.arrived).toHaveLength(1);
  });

  it('answers a 429 with the block X-RateLimit-Reset gives and tells the budget', async () => {
    const reset = NOW / 1000 + 600;
    capsule.handle((_, res) =>
      json(
        res,
        429,
        { error: 'rate limit reached' },
        { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) },
      ),
    );
    const result = await caller().callMethod(method('Get Site'), {});
    expect(result).toMatchObject({
      ok: false,
      code: 'rate_limited',
      retryAfterSeconds: 600,
      blockedUntil: reset * 1000,
    });
    expect(budget.observed).toEqual([{ remaining: 0, resetAt: reset * 1000, blockedUntil: reset * 1000 }]);
    expect(capsule.arrived).toHaveLength(1);
  });

  it('follows Link paging across pages up to the limit and reports the next page', async () => {
    capsule.handle((req, res) => {
      const page = Number(new URL(req.url ?? '', capsule.origin).searchParams.get('page') ?? '1');
      const next =
        page < 3 ? { Link: `<${capsule.origin}/api/v2/parties?perPage=2&page=${page + 1}>; rel="next"` } : {};
      json(res, 200, { parties: [{ id: page * 10 + 1 }, { id: page * 10 + 2 }] }, next);
    });
    const result = await caller().callMethod(
      method('List Parties'),
      { Parameters: { perPage: 2 } },
      { maxPages: 2 },
    );
    expect(result).toMatchObject({
      ok: true,
      body: { parties: [{ id: 11 }, { id: 12 }, { id: 21 }, { id: 22 }] },
      paging: {
        pagesFetched: 2,
        hasMore: true,
        nextPageUrl: `${capsule.origin}/api/v2/parties?perPage=2&page=3`,
      },
    });
    expect(capsule.arrived.map((r) => r.url)).toEqual([
      '/api/v2/parties?perPage=2',
      '/api/v2/parties?perPage=2&page=2',
    ]);
    expect(budget.takes).toBe(2);
  });

  it("passes Capsule's 422 errors through and never echoes the token", async () => {
    capsule.handle((req, res) =>
      json(res, 422, {
        message: `Validation Failed for ${req.headers.authorization}`,
        errors: [{ message: 'name must be unique', field: 'name', echo: req.headers.authorization }],
      }),
    );
    const result = await caller().callMethod(method('Create Organisation'), {
      Fields: { type: 'organisation', name: 'Acme' },
    });
    expect(result).toMatchObject({ ok: false, code: 'provider_validation_failed' });
    expect(JSON.stringify(result)).not.toContain('tok-1');
    expect(result).toMatchObject({ details: [{ message: 'name must be unique', field: 'name' }] });
  });

  it('waits for a budget that frees up within the bound, then sends', async () => {
    budget.answers.push({ granted: false, retryAfterMs: 500 });
    capsule.handle((_, res) => json(res, 200, { site: {} }));
    const result = await caller().callMethod(method('Get Site'), {});
    expect(result).toMatchObject({ ok: true });
    expect(sleeps).toEqual([500]);
  });

  it('answers 429 without calling the provider when the budget frees up too late', async () => {
    budget.answers.push({ granted: false, retryAfterMs: 90_000 });
    const result = await caller().callMethod(method('Get Site'), {});
    expect(result).toMatchObject({ ok: false, code: 'rate_limited', retryAfterSeconds: 90 });
    expect(capsule.arrived).toHaveLength(0);
  });

  it('answers 504 when the provider does not answer in time', async () => {
    capsule.handle(() => new Promise(() => {}));
    const result = await caller({ timeoutMs: 200 }).callMethod(method('Create Note'), {
      Fields: { type: 'note', content: 'Hello', party: { id: 1 } },
    });
    expect(result).toMatchObject({ ok: false, code: 'provider_timeout' });
    expect(capsule.arrived).toHaveLength(1);
  });

  it('retries a refused connection and then answers 502', async () => {
    const closed = capsule.origin;
    await capsule.close();
    const result = await new ProviderCaller({
      definition: CAPSULE_V2,
      apiBaseUrl: `${closed}/api/v2`,
      tokens,
      budget,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    }).callMethod(method('Create Task'), { Fields: { description: 'x', dueOn: '2025-01-01' } });
    expect(result).toMatchObject({
      ok: false,
      code: 'provider_unavailable',
      message: 'Could not connect to Capsule.',
    });
    expect(sleeps).toHaveLength(CAPSULE_V2.retry.maxAttempts - 1);
    capsule = await startScriptedProvider();
  });

  it('does not follow a redirect, so the token never reaches another host', async () => {
    const evil = await startScriptedProvider();
    try {
      evil.handle((_, res) => json(res, 200, { site: { name: 'evil' } }));
      capsule.handle((_, res) => {
        res.writeHead(302, { Location: `${evil.origin}/api/v2/site` }).end();
      });
      const result = await caller().callMethod(method('Get Site'), {});
      expect(result).toMatchObject({ ok: false, code: 'provider_redirected' });
      expect(evil.arrived).toHaveLength(0);
    } finally {
      await evil.close();
    }
  });

  it('answers 502 for a success body that is not JSON', async () => {
    capsule.handle((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
    });
    const result = await caller().callMethod(method('Get Site'), {});
    expect(result).toMatchObject({
      ok: false,
      code: 'provider_error',
      message: 'Capsule returned a response that is not JSON.',
    });
  });

  it('refuses bad input before any request', async () => {
    await expect(caller().callMethod(method('Get Party'), { Parameters: {} })).rejects.toThrow(
      "Parameter 'id' is required.",
    );
    expect(capsule.arrived).toHaveLength(0);
    expect(budget.takes).toBe(0);
  });
});
