import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerClient } from '../support/partner-client.ts';
import {
  type RunningProcess,
  sandboxControl,
  startSandboxProcess,
  startServeProcess,
} from '../support/plugboard-process.ts';
import { insertAccount } from '../support/raw-rows.ts';
import {
  installWithSandboxTokens,
  SANDBOX_CLIENT,
  setUpCapsuleAgainstSandbox,
} from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, TEST_KEYS, type TestPlugboard } from '../support/test-plugboard.ts';

const REDIRECT_URI = 'http://127.0.0.1:9/connector/callback';
/** What the issue promises: every process refuses a revoked or deleted thing within a second. */
const BOUND_MS = 1_000;

/**
 * Polls `check` on every process until each answers `expected`; returns how long each took from `since`.
 * The calls are cheap, so the poll itself adds a few milliseconds at most.
 */
async function timesUntil(
  clients: readonly PartnerClient[],
  check: (client: PartnerClient) => Promise<number>,
  expected: number,
  since: number,
): Promise<number[]> {
  return Promise.all(
    clients.map(async (client) => {
      for (;;) {
        if ((await check(client)) === expected) return Date.now() - since;
        if (Date.now() - since > 10 * BOUND_MS) return Number.POSITIVE_INFINITY;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }),
  );
}

for (const kind of testDatabaseKinds()) {
  describe(`the hot path's caches stay coherent across three processes [${kind.kind}]`, () => {
    let database: TestDatabase;
    let setup: TestPlugboard;
    let sandbox: RunningProcess;
    const servers: RunningProcess[] = [];
    const clients: PartnerClient[] = [];
    let clientId = '';
    let clientSecret = '';

    beforeAll(async () => {
      database = await kind.create();
      setup = await startTestPlugboard(database);
      sandbox = await startSandboxProcess(REDIRECT_URI);
      await sandboxControl(sandbox, { strictRotation: true, rateLimitPerHour: 1_000_000 });
      await setUpCapsuleAgainstSandbox(setup.services.connectorSetups, sandbox.url);
      const env = { PLUGBOARD_DATABASE_URL: database.url, PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS };
      servers.push(
        ...(await Promise.all([startServeProcess(env), startServeProcess(env), startServeProcess(env)])),
      );
      const credentials = await setup.services.apiClients.create('coherence');
      clientId = credentials.clientId;
      clientSecret = credentials.clientSecret;
      for (const server of servers) {
        const client = await PartnerClient.connectTo(server.url);
        await client.authenticateWith(clientId, clientSecret);
        clients.push(client);
      }
    }, 300_000);
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await sandbox?.stop();
      await setup?.close();
      await database?.drop();
    });

    const first = () => clients[0] as PartnerClient;
    const proxy = (client: PartnerClient, account: string, id: number, token?: string) =>
      client
        .call('GET', `/v1.0/account/connectors/${id}/proxy/parties?perPage=1`, {
          account,
          ...(token ? { token } : {}),
        })
        .then((r) => r.status);
    const install = async (account: string, name: string, expiresAt = Date.now() + 3_600_000) => {
      await insertAccount(setup, account);
      return installWithSandboxTokens(first(), sandbox.url, REDIRECT_URI, account, name, expiresAt);
    };

    it('a revoked API token is refused by every process within the bound', async () => {
      const account = 'revoke';
      const id = await install(account, 'Revoke');
      // A token of its own, so the other cases keep theirs.
      const token = await (await PartnerClient.connectTo(servers[0]?.url ?? '')).authenticateWith(
        clientId,
        clientSecret,
      );
      // Every process has the token (and the connector) in its cache.
      for (const client of clients) expect(await proxy(client, account, id, token)).toBe(200);
      for (const client of clients) expect(await proxy(client, account, id, token)).toBe(200);
      const revoked = await fetch(`${servers[1]?.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, client_id: clientId, client_secret: clientSecret }).toString(),
      });
      expect(revoked.status).toBe(200);
      const since = Date.now();
      const times = await timesUntil(clients, (c) => proxy(c, account, id, token), 401, since);
      expect(Math.max(...times)).toBeLessThan(BOUND_MS);
    });

    it('a deleted account is refused by every process within the bound', async () => {
      const account = 'doomed';
      const id = await install(account, 'Doomed');
      for (const client of clients) expect(await proxy(client, account, id)).toBe(200);
      for (const client of clients) expect(await proxy(client, account, id)).toBe(200);
      expect((await clients[2]?.call('DELETE', `/v1.0/accounts/${account}`))?.status).toBe(200);
      const since = Date.now();
      const times = await timesUntil(clients, (c) => proxy(c, account, id), 404, since);
      expect(Math.max(...times)).toBeLessThan(BOUND_MS);
    });

    it('a deauthenticated connector is refused by every process within the bound', async () => {
      const account = 'deauth';
      const id = await install(account, 'Deauth');
      for (const client of clients) expect(await proxy(client, account, id)).toBe(200);
      for (const client of clients) expect(await proxy(client, account, id)).toBe(200);
      const deauthenticated = await clients[1]?.call('PUT', `/v1.0/account/connectors/${id}/deauthenticate`, {
        account,
      });
      expect(deauthenticated?.status).toBe(200);
      const since = Date.now();
      const times = await timesUntil(clients, (c) => proxy(c, account, id), 409, since);
      expect(Math.max(...times)).toBeLessThan(BOUND_MS);
    });

    it('a token refreshed by one process is used by the others without a refresh of their own', async () => {
      const account = 'refresh';
      const id = await install(account, 'Refresh');
      for (const client of clients) expect(await proxy(client, account, id)).toBe(200);
      const old = await setup.stores.connectorCredentials.readCredentials(id);
      // The token nears its expiry (as time would make it); the first process to call refreshes.
      await setup.database.db
        .updateTable('account_connectors')
        .set({ token_expires_at: Date.now() + 60_000 })
        .where('id', '=', id)
        .execute();
      await new Promise((resolve) => setTimeout(resolve, BOUND_MS));
      const before = (await sandboxControl(sandbox)).stats;
      expect(await proxy(first(), account, id)).toBe(200);
      const refreshedAt = Date.now();
      const after = await setup.stores.connectorCredentials.readCredentials(id);
      expect(after?.version).toBe((old?.version ?? 0) + 1);
      // The old access token stops working upstream: a process still holding it would get a 401.
      const revoked = await fetch(`${sandbox.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: old?.credentials.accessToken ?? '',
          client_id: SANDBOX_CLIENT.clientId,
          client_secret: SANDBOX_CLIENT.clientSecret,
        }).toString(),
      });
      expect(revoked.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, refreshedAt + BOUND_MS - Date.now())));
      for (const client of clients.slice(1)) expect(await proxy(client, account, id)).toBe(200);
      const stats = (await sandboxControl(sandbox)).stats;
      expect((stats.refreshGrants ?? 0) - (before.refreshGrants ?? 0)).toBe(1);
      expect((stats.apiUnauthorized ?? 0) - (before.apiUnauthorized ?? 0)).toBe(0);
      expect((await setup.stores.refreshAttempts.list(id)).map((a) => a.outcome)).toEqual(['refreshed']);
    });
  });
}
