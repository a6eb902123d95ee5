import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerClient } from '../support/partner-client.ts';
import {
  type RunningProcess,
  sandboxControl,
  startSandboxProcess,
  startServeProcess,
} from '../support/plugboard-process.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { installWithSandboxTokens, setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, TEST_KEYS, type TestPlugboard } from '../support/test-plugboard.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';
const REDIRECT_URI = 'http://127.0.0.1:9/connector/callback';

for (const kind of testDatabaseKinds()) {
  describe(`three Plugboard processes sharing one database [${kind.kind}]`, () => {
    let database: TestDatabase;
    let setup: TestPlugboard;
    let sandbox: RunningProcess;
    const servers: RunningProcess[] = [];
    const clients: PartnerClient[] = [];
    const account = 'acme';

    beforeAll(async () => {
      database = await kind.create();
      setup = await startTestPlugboard(database);
      sandbox = await startSandboxProcess(REDIRECT_URI);
      await sandboxControl(sandbox, { strictRotation: true, rateLimitPerHour: 1_000_000 });
      await insertAccount(setup, account);
      await setUpCapsuleAgainstSandbox(setup.services.connectorSetups, sandbox.url);
      const env = { PLUGBOARD_DATABASE_URL: database.url, PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS };
      servers.push(
        ...(await Promise.all([startServeProcess(env), startServeProcess(env), startServeProcess(env)])),
      );
      const credentials = await setup.services.apiClients.create('multi-process');
      for (const server of servers) {
        const client = await PartnerClient.connectTo(server.url);
        await client.authenticateWith(credentials.clientId, credentials.clientSecret);
        clients.push(client);
      }
    }, 120_000);
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await sandbox?.stop();
      await setup?.close();
      await database?.drop();
    });

    it('row 33: 50 concurrent calls on an expired token over 3 processes with strict rotation make exactly one refresh', async () => {
      const first = clients[0] as PartnerClient;
      const id = await installWithSandboxTokens(
        first,
        sandbox.url,
        REDIRECT_URI,
        account,
        'Shared',
        Date.now() - 1000,
      );
      const before = (await sandboxControl(sandbox)).stats;
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (clients[i % 3] as PartnerClient).call(
            'POST',
            `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`,
            {
              account,
              body: { Parameters: { perPage: 1 } },
            },
          ),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      const after = (await sandboxControl(sandbox)).stats;
      expect((after.refreshGrants ?? 0) - (before.refreshGrants ?? 0)).toBe(1);
      expect((after.refreshGrantsRejected ?? 0) - (before.refreshGrantsRejected ?? 0)).toBe(0);
      const attempts = await setup.stores.refreshAttempts.list(id);
      expect(attempts.map((a) => a.outcome)).toEqual(['refreshed']);
      const connector = await setup.stores.accountConnectors.findById(id);
      expect(connector).toMatchObject({ authStatus: 'Authenticated', credentialsVersion: 2 });
    });

    it('row 41: the background refresh runs each due connection once across the processes, none starved', async () => {
      const first = clients[0] as PartnerClient;
      const ids: number[] = [];
      for (let i = 0; i < 24; i++) {
        ids.push(
          await installWithSandboxTokens(
            first,
            sandbox.url,
            REDIRECT_URI,
            account,
            `Sweep ${i}`,
            Date.now() + 60_000,
          ),
        );
      }
      const before = (await sandboxControl(sandbox)).stats.refreshGrants ?? 0;
      // Make the sweep due now in whichever process claims it first.
      await setup.database.db
        .updateTable('jobs')
        .set({ run_at: Date.now() - 1, payload: '{"after":null}' })
        .where('status', '=', 'queued')
        .execute();
      const deadline = Date.now() + 30_000;
      let versions: number[] = [];
      while (Date.now() < deadline) {
        const rows = await setup.database.db
          .selectFrom('account_connectors')
          .select(['id', 'credentials_version'])
          .where('id', 'in', ids)
          .execute();
        versions = rows.map((r) => Number(r.credentials_version));
        if (versions.length === ids.length && versions.every((v) => v === 2)) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(versions).toEqual(Array(24).fill(2));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const after = (await sandboxControl(sandbox)).stats.refreshGrants ?? 0;
      expect(after - before).toBe(24);
      const next = await setup.database.db
        .selectFrom('jobs')
        .select('run_at')
        .where('kind', '=', 'token-refresh-sweep')
        .where('status', '=', 'queued')
        .executeTakeFirst();
      expect(next?.run_at).toBeGreaterThan(Date.now() + 30_000);
    }, 60_000);
  });
}
