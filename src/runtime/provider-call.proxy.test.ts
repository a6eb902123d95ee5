import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../connectors/capsule-v2/index.ts';
import { ProviderCaller, type ProxyCallResult, type ProxySuccess } from './provider-call.ts';
import { ProxyTargetError } from './proxy-target.ts';
import {
  FakeBudget,
  FakeTokens,
  json,
  readBody,
  type ScriptedProvider,
  startScriptedProvider,
} from './test-support/scripted-provider.ts';

let capsule: ScriptedProvider;
let tokens: FakeTokens;

beforeEach(async () => {
  capsule = await startScriptedProvider();
  tokens = new FakeTokens();
});
afterEach(() => capsule.close());

function caller(): ProviderCaller {
  return new ProviderCaller({
    definition: CAPSULE_V2,
    apiBaseUrl: `${capsule.origin}/api/v2`,
    tokens,
    budget: new FakeBudget(),
    sleep: async () => {},
    random: () => 0.5,
  });
}

function success(result: ProxyCallResult): ProxySuccess {
  if (!result.ok) throw new Error(`proxy failed: ${result.message}`);
  return result;
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('ProviderCaller.proxy', () => {
  it('passes a request through with the bearer token and only safe headers both ways', async () => {
    capsule.handle((_, res) =>
      json(
        res,
        200,
        { parties: [] },
        { 'Set-Cookie': 'sid=1', 'X-RateLimit-Remaining': '10', Connection: 'close' },
      ),
    );
    const result = success(
      await caller().proxy({
        method: 'get',
        path: 'parties',
        query: 'embed=tags&page=2',
        headers: {
          authorization: 'Bearer partner-plugboard-token',
          cookie: 'pb=1',
          accept: 'application/json',
        },
      }),
    );
    expect(result.status).toBe(200);
    expect(JSON.parse(await text(result.body))).toEqual({ parties: [] });
    expect(result.headers).toMatchObject({
      'content-type': 'application/json',
      'x-ratelimit-remaining': '10',
    });
    expect(result.headers).not.toHaveProperty('set-cookie');
    expect(result.headers).not.toHaveProperty('connection');
    const [arrived] = capsule.arrived;
    expect(arrived?.url).toBe('/api/v2/parties?embed=tags&page=2');
    expect(arrived?.headers.authorization).toBe('Bearer tok-1');
    expect(arrived?.headers.cookie).toBeUndefined();
  });

  it('streams a multi-megabyte request body to the provider without buffering it', async () => {
    const chunk = Buffer.alloc(64 * 1024);
    const chunks = 128; // 8 MiB
    const sent = createHash('sha256');
    let firstBytesArrived: () => void = () => {};
    const arrivedPromise = new Promise<void>((resolve) => {
      firstBytesArrived = resolve;
    });
    async function* produce() {
      for (let i = 0; i < chunks; i++) {
        chunk.fill(i % 251);
        const copy = Buffer.from(chunk);
        sent.update(copy);
        yield copy;
        // The second half is produced only after the provider has received data: a client that
        // buffered the whole body first would never get there, and the test would time out.
        if (i === chunks / 2) await arrivedPromise;
      }
    }
    let receivedHash = '';
    let receivedBytes = 0;
    capsule.handle(async (req, res) => {
      const hash = createHash('sha256');
      for await (const data of req) {
        receivedBytes += (data as Buffer).length;
        hash.update(data as Buffer);
        firstBytesArrived();
      }
      receivedHash = hash.digest('hex');
      json(res, 201, { upload: { token: 'u1' } });
    });
    const result = success(
      await caller().proxy({
        method: 'POST',
        path: 'attachments/upload',
        headers: { 'content-type': 'application/pdf', 'x-attachment-filename': 'big.pdf' },
        body: Readable.from(produce()),
      }),
    );
    expect(result.status).toBe(201);
    expect(receivedBytes).toBe(chunks * chunk.length);
    expect(receivedHash).toBe(sent.digest('hex'));
    expect(capsule.arrived[0]?.headers['x-attachment-filename']).toBe('big.pdf');
    expect(capsule.arrived[0]?.headers['transfer-encoding']).toBe('chunked');
  });

  it("returns the provider's response as a stream before the provider has finished it", async () => {
    const part = Buffer.alloc(1024 * 1024, 7);
    let finish: () => void = () => {};
    const finishPromise = new Promise<void>((resolve) => {
      finish = resolve;
    });
    capsule.handle(async (_, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(part);
      await finishPromise;
      res.end(part);
    });
    const result = success(await caller().proxy({ method: 'GET', path: 'files/1' }));
    // The call resolved while the provider still holds back the second megabyte.
    expect(result.body).toBeInstanceOf(Readable);
    finish();
    const chunks: Buffer[] = [];
    for await (const data of result.body) chunks.push(data as Buffer);
    const body = Buffer.concat(chunks);
    expect(body.length).toBe(2 * part.length);
    expect(sha256(body)).toBe(sha256(Buffer.concat([part, part])));
  });

  it('returns a redirect as it is and never sends the token to its target', async () => {
    const evil = await startScriptedProvider();
    try {
      capsule.handle((_, res) => {
        res.writeHead(302, { Location: `${evil.origin}/steal` }).end();
      });
      const result = success(await caller().proxy({ method: 'GET', path: 'parties' }));
      expect(result.status).toBe(302);
      expect(result.headers.location).toBe(`${evil.origin}/steal`);
      await text(result.body);
      expect(evil.arrived).toHaveLength(0);
    } finally {
      await evil.close();
    }
  });

  it('adds Retry-After to a 429 from the reset time', async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    capsule.handle((_, res) =>
      json(res, 429, { error: 'rate limit reached' }, { 'X-RateLimit-Reset': String(reset) }),
    );
    const result = success(await caller().proxy({ method: 'GET', path: 'parties' }));
    expect(result.status).toBe(429);
    expect(Number(result.headers['retry-after'])).toBeGreaterThan(100);
    expect(Number(result.headers['retry-after'])).toBeLessThanOrEqual(120);
  });

  it('refreshes once after a 401 and resends a request without a streamed body', async () => {
    capsule.handle((req, res) =>
      req.headers.authorization === 'Bearer tok-1' ? json(res, 401, {}) : json(res, 200, { ok: 1 }),
    );
    const result = success(await caller().proxy({ method: 'GET', path: 'site' }));
    expect(result.status).toBe(200);
    expect(capsule.arrived.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('refreshes after a 401 on a streamed body but asks the partner to resend it', async () => {
    capsule.handle(async (req, res) => {
      await readBody(req);
      json(res, 401, {});
    });
    const result = await caller().proxy({
      method: 'POST',
      path: 'entries',
      body: Readable.from([Buffer.from('{}')]),
    });
    expect(result).toMatchObject({ ok: false, code: 'provider_retry_later', retryAfterSeconds: 1 });
    expect(tokens.refreshes).toBe(1);
    expect(capsule.arrived).toHaveLength(1);
  });

  it.each([
    ['//evil.example/x'],
    ['@evil.example'],
    ['%2F%2Fevil.example'],
    ['..%2F..%2Foauth%2Ftoken'],
    ['http://evil.example/'],
    ['..\\oauth\\token'],
  ])('refuses the path %j without sending anything', async (path) => {
    await expect(caller().proxy({ method: 'GET', path })).rejects.toBeInstanceOf(ProxyTargetError);
    expect(capsule.arrived).toHaveLength(0);
  });

  it('refuses methods it does not forward', async () => {
    await expect(caller().proxy({ method: 'TRACE', path: 'parties' })).rejects.toThrow(
      'The proxy does not forward TRACE requests.',
    );
  });
});
