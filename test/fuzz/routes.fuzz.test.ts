/**
 * Property-based fuzzing of every partner API, OAuth, browser-flow and console route, found by asking
 * Fastify what it serves (a new route is covered without touching this file). Generated path
 * segments, query values, headers and bodies must never produce a 5xx, a stack trace or an internal
 * code in the answer, nor change a row when the request is refused; afterwards the server must still
 * be healthy. Seeded and bounded in time, so a run is repeatable and short.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/http/build-server.ts';
import { partnerCredentials } from '../support/api-harness.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const SEED = 16_2026;
/** Per route family: runs stop at whichever limit comes first. */
const RUNS_PER_FAMILY = 60;
const TIME_PER_FAMILY_MS = 2_500;

const FUZZED_PREFIXES = [
  '/v1.0',
  '/oauth',
  '/connectorauth',
  '/updateaccountconnectoroauth',
  '/connector',
  '/console',
];

/** Tables whose row counts must not move when a request is refused. */
const WATCHED_TABLES = [
  'accounts',
  'account_connectors',
  'api_clients',
  'settings',
  'connector_setups',
  'admins',
];

/** Text an answer must never contain: stack frames, framework codes, JavaScript error names. */
const LEAKS = [
  /\n\s+at .+\(.+:\d+:\d+\)/,
  /FST_[A-Z_]+/,
  /\b(TypeError|RangeError|SyntaxError|ReferenceError)\b/,
  /node_modules/,
];

const segment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9._~%-]{1,30}$/),
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2F',
    '%00',
    'acme',
    '1',
    '-1',
    '1e20',
    '0x10',
    '99999999999999999999',
    '__proto__',
    'constructor',
  ),
  fc.integer().map(String),
);

const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('1e20', '-1', '0', 'NaN', 'true', '%', '%E0%A4%A', '', '__proto__', '9'.repeat(40)),
);

const deep = fc.integer({ min: 60, max: 20_000 }).map((n) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`);

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ type: 'application/json', text: JSON.stringify(value) })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/json', text })),
  deep.map((text) => ({ type: 'application/json', text })),
  fc
    .constantFrom(
      '{',
      '{"__proto__":{"x":1}}',
      '{"constructor":{"prototype":{"x":1}}}',
      'null',
      '[]',
      '"x"',
      '1e999',
    )
    .map((text) => ({ type: 'application/json', text })),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 5 }).map((fields) => ({
    type: 'application/x-www-form-urlencoded',
    text: new URLSearchParams(fields).toString(),
  })),
  fc.string({ maxLength: 100 }).map((text) => ({ type: 'text/plain', text })),
);

const headerText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', 'acme', 'Basic %%%', 'Bearer x', 'Basic JUUwJUE0JUE6eA=='),
);

/** Keeps only characters Node accepts in a header value. */
const headerSafe = (text: string) => text.replace(/[^\t\x20-\x7e]/g, '');

interface Request {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string;
}

function requestFor(pattern: string, method: string, token: string) {
  return fc
    .record({
      params: fc.array(segment, { minLength: 8, maxLength: 8 }),
      query: fc.dictionary(
        fc.constantFrom(
          'page',
          'pageSize',
          'id',
          'token',
          'query',
          'orderBy',
          'maxPages',
          'state',
          'code',
          'targetOrigin',
          'x',
        ),
        queryValue,
        { maxKeys: 4 },
      ),
      body: fc.option(body, { nil: undefined }),
      auth: fc.constantFrom('token', 'none', 'garbage'),
      account: fc.option(headerText, { nil: undefined }),
      idempotencyKey: fc.option(headerText, { nil: undefined }),
      contentType: fc.option(
        fc.constantFrom(
          'application/json; charset=utf-8',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          'application/json;;;',
        ),
        { nil: undefined },
      ),
    })
    .map(({ params, query, body, auth, account, idempotencyKey, contentType }): Request => {
      let index = 0;
      const path = pattern
        .split('/')
        .map((part) =>
          part.startsWith(':') || part === '*'
            ? encodeURIComponent(params[index++ % params.length] ?? 'x')
            : part,
        )
        .join('/');
      const search = new URLSearchParams(query).toString();
      const headers: Record<string, string> = {};
      if (auth === 'token') headers.authorization = `Bearer ${token}`;
      if (auth === 'garbage') headers.authorization = 'Bearer not-a-token';
      if (account !== undefined) headers['x-cyclr-account'] = headerSafe(account);
      if (idempotencyKey !== undefined) headers['idempotency-key'] = headerSafe(idempotencyKey);
      const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
      if (withBody) headers['content-type'] = contentType ?? body.type;
      return {
        method,
        url: `${path}${search ? `?${search}` : ''}`,
        headers,
        ...(withBody ? { payload: body.text } : {}),
      };
    });
}

async function rowCounts(app: TestPlugboard): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of WATCHED_TABLES) {
    const row = await app.database.db
      // biome-ignore lint/suspicious/noExplicitAny: a table chosen at run time
      .selectFrom(table as any)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

const kind = testDatabaseKinds()[0];

describe('fuzzing every route', () => {
  let database: TestDatabase;
  let app: TestPlugboard;
  let token: string;

  beforeAll(async () => {
    if (!kind) throw new Error('no test database');
    database = await kind.create();
    const consoleDir = mkdtempSync(join(tmpdir(), 'plugboard-fuzz-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(
      join(consoleDir, 'index.html'),
      '<!doctype html><html><body><div id="root"></div></body></html>',
    );
    writeFileSync(join(consoleDir, 'assets', 'index.js'), 'console.log(1)');
    app = await startTestPlugboard(database, {
      consoleDir,
      env: { PLUGBOARD_API_RATE_LIMIT: '0', PLUGBOARD_TOKEN_RATE_LIMIT: '0', PLUGBOARD_LOG_LEVEL: 'fatal' },
    });
    token = (await partnerCredentials(app)).token;
    await insertAccount(app, 'acme');
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('finds the routes to fuzz from the server itself', () => {
    const fuzzed = registeredRoutes(app.server).filter((route) =>
      FUZZED_PREFIXES.some((prefix) => route.url.toLowerCase().startsWith(prefix)),
    );
    expect(fuzzed.length).toBeGreaterThan(30);
  });

  const families = () => {
    const groups = new Map<string, { method: string; url: string }[]>();
    for (const route of registeredRoutes(app.server)) {
      if (!FUZZED_PREFIXES.some((prefix) => route.url.toLowerCase().startsWith(prefix))) continue;
      const family = route.url.split('/').slice(0, 3).join('/');
      for (const method of route.methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        groups.set(family, [...(groups.get(family) ?? []), { method, url: route.url }]);
      }
    }
    return groups;
  };

  it('answers generated requests to every route family without a 5xx, a leak or a half-written row', async () => {
    const failures: string[] = [];
    for (const [family, routes] of families()) {
      const request = fc.oneof(...routes.map((route) => requestFor(route.url, route.method, token)));
      await fc.assert(
        fc.asyncProperty(request, async (sent) => {
          const before = await rowCounts(app);
          const response = await app.server.inject({
            method: sent.method as 'GET',
            url: sent.url,
            headers: sent.headers,
            ...(sent.payload !== undefined ? { payload: sent.payload } : {}),
          });
          const where = `${family}: ${sent.method} ${sent.url.slice(0, 120)} → ${response.statusCode}`;
          if (response.statusCode >= 500) failures.push(`${where} ${response.body.slice(0, 200)}`);
          for (const leak of LEAKS) if (leak.test(response.body)) failures.push(`${where} leaks ${leak}`);
          if (response.statusCode >= 400) {
            const after = await rowCounts(app);
            if (JSON.stringify(after) !== JSON.stringify(before)) {
              failures.push(`${where} changed rows ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
            }
          }
        }),
        {
          seed: SEED,
          numRuns: RUNS_PER_FAMILY,
          interruptAfterTimeLimit: TIME_PER_FAMILY_MS,
          endOnFailure: true,
        },
      );
    }
    expect(failures).toEqual([]);
    const health = await app.server.inject({ method: 'GET', url: '/ready' });
    expect(health.statusCode).toBe(200);
  }, 90_000);
});
