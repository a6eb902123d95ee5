import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { registeredRoutes } from '../../src/http/build-server.ts';
import { partnerCredentials, sendCall } from '../support/api-harness.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

/** Generous for a contended machine; a route that waits on a held SQLite connection never answers. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The bodies every route is sent: none, an empty JSON body, `{}`, and a form. */
const BODIES: readonly { readonly label: string; readonly headers: Record<string, string>; body?: string }[] =
  [
    { label: 'no body', headers: {} },
    { label: 'empty JSON body', headers: { 'content-type': 'application/json' }, body: '' },
    { label: '{}', headers: { 'content-type': 'application/json' }, body: '{}' },
    { label: 'a form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Name=x' },
  ];

interface Ids {
  readonly account: string;
  readonly accountConnector: number;
  readonly apiClient: string;
}

/** A concrete path for a route pattern: path parameters become ids that exist where that matters. */
function concretePath(pattern: string, ids: Ids): string {
  const value = (parameter: string, before: string): string => {
    if (before.startsWith('/v1.0/accounts')) return ids.account;
    if (before.startsWith('/v1.0/account/connectors/:id/properties')) return '1';
    if (before.startsWith('/v1.0/account/connectors/:id/methods')) return '580101';
    if (before.startsWith('/v1.0/account/connectors')) return String(ids.accountConnector);
    if (before.startsWith('/v1.0/apiclients')) return ids.apiClient;
    if (before.startsWith('/v1.0/methods')) return '580101';
    if (before.startsWith('/v1.0/connectors')) return parameter === 'version' ? 'v2' : 'Capsule';
    return '1';
  };
  let path = '';
  for (const segment of pattern.split('/')) {
    if (path !== '' || segment !== '') path += '/';
    if (segment === '*') path += pattern.startsWith('/v1.0') ? 'parties' : 'accounts';
    else if (segment.startsWith(':'))
      path += value(segment.slice(1), pattern.slice(0, pattern.indexOf(segment)));
    else path += segment;
  }
  return path;
}

// SQLite only: its single connection is what turns a query outside an open transaction into a hang.
const sqlite = testDatabaseKinds().find((kind) => kind.kind === 'sqlite');

describe('every route on SQLite, with request timeouts', () => {
  let database: TestDatabase;
  let app: LivePlugboard;
  let token: string;
  let ids: Ids;

  beforeAll(async () => {
    if (!sqlite) throw new Error('SQLite is always a test database');
    database = await sqlite.create();
    app = await startLivePlugboard(database);
    const partner = await partnerCredentials(app);
    token = partner.token;
    await insertAccount(app, 'acme');
    await app.services.connectorSetups.update(CAPSULE_V2, {
      clientId: 'capsule-sandbox-client',
      clientSecret: 'capsule-sandbox-secret',
      accessTokenUrl: `${app.baseUrl}/sandbox/capsule/oauth/token`,
    });
    const installed = await app.services.accountConnectors.install('acme', CAPSULE_V2, { name: 'CRM' });
    ids = { account: 'acme', accountConnector: installed.id, apiClient: partner.clientId };
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const send = async (method: string, path: string, variant: (typeof BODIES)[number]) => {
    const response = await sendCall(
      { baseUrl: app.baseUrl },
      method,
      path,
      {
        account: 'acme',
        headers: variant.headers,
        ...(variant.body !== undefined && method !== 'GET' && method !== 'HEAD'
          ? { rawBody: variant.body }
          : {}),
        timeoutMs: REQUEST_TIMEOUT_MS,
      },
      token,
    );
    return response.status;
  };

  it('answers every method of every route with every kind of body, and stays healthy', async () => {
    const routes = registeredRoutes(app.server);
    expect(routes.length).toBeGreaterThan(50);
    const calls = routes.flatMap((route) =>
      route.methods.map((method) => ({ method, path: concretePath(route.url, ids) })),
    );
    // Deletes last, so the ids the other calls use still exist while they run.
    calls.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    const failures: string[] = [];
    const answered = new Set<number>();
    for (const { method, path } of calls) {
      for (const variant of BODIES) {
        let status: number;
        try {
          status = await send(method, path, variant);
        } catch (error) {
          failures.push(`${method} ${path} with ${variant.label}: no answer (${(error as Error).name})`);
          continue;
        }
        answered.add(status);
      }
    }
    expect(failures).toEqual([]);
    expect(answered.has(200)).toBe(true);
    // A query issued outside an open transaction fails loudly (and is logged) instead of hanging.
    expect(app.logs.text).not.toContain('QueryOutsideTransactionError');
    expect(
      (await sendCall({ baseUrl: app.baseUrl }, 'GET', '/ready', { timeoutMs: REQUEST_TIMEOUT_MS }, null))
        .status,
    ).toBe(200);
    // The sweep deleted its own API client: a new one still gets a token and reads the database.
    token = (await partnerCredentials(app, 'After the sweep')).token;
    expect(await send('GET', '/v1.0/accounts', BODIES[0] as (typeof BODIES)[number])).toBe(200);
  }, 300_000);
});
