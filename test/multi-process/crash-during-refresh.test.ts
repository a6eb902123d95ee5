import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerClient } from '../support/partner-client.ts';
import { type RunningProcess, sandboxControl, startSandboxProcess } from '../support/plugboard-process.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { installWithSandboxTokens, setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, TEST_KEYS, type TestPlugboard } from '../support/test-plugboard.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';
const REDIRECT_URI = 'http://127.0.0.1:9/connector/callback';
const FIXTURE = join(import.meta.dirname, 'fixtures/refresh-then-die.ts');

/** Runs the fixture that refreshes and is SIGKILLed between the provider's answer and the commit. */
async function refreshAndDie(
  databaseUrl: string,
  accountConnectorId: number,
): Promise<{ signal: string | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: {
      ...process.env,
      PLUGBOARD_DATABASE_URL: databaseUrl,
      PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
      ACCOUNT_CONNECTOR_ID: String(accountConnectorId),
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const signal = await new Promise<string | null>((resolve) =>
    child.on('exit', (_code, sig) => resolve(sig)),
  );
  return { signal, output };
}

for (const kind of testDatabaseKinds()) {
  describe(`row 37: a process killed after the provider rotated, before the commit [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: TestPlugboard;
    let sandbox: RunningProcess;
    let partner: PartnerClient;
    const account = 'acme';

    beforeAll(async () => {
      database = await kind.create();
      app = await startTestPlugboard(database, { refreshLeaseTtlMs: 1000 });
      sandbox = await startSandboxProcess(REDIRECT_URI);
      await sandboxControl(sandbox, { rateLimitPerHour: 1_000_000 });
      await insertAccount(app, account);
      await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandbox.url);
      partner = await PartnerClient.connect(app, 'in-process');
      await partner.authenticate();
    }, 60_000);
    afterAll(async () => {
      await sandbox?.stop();
      await app?.close();
      await database?.drop();
    });

    const call = (id: number) =>
      partner.call('POST', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, {
        account,
        body: { Parameters: { perPage: 1 } },
      });

    it('with strict rotation: one retry with the old refresh token, then NeedsReauthentication, and no loop', async () => {
      await sandboxControl(sandbox, { strictRotation: true });
      const id = await installWithSandboxTokens(
        partner,
        sandbox.url,
        REDIRECT_URI,
        account,
        'Strict',
        Date.now() - 1000,
      );
      const died = await refreshAndDie(database.url, id);
      expect(died.signal).toBe('SIGKILL');
      expect(died.output).toContain('provider answered');
      expect((await app.stores.refreshAttempts.list(id)).map((a) => a.outcome)).toEqual([null]);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const before = (await sandboxControl(sandbox)).stats;
      const response = await call(id);
      expect(response.status).toBe(401);
      expect(response.headers['plugboard-error-code']).toBe('needs_reauthentication');
      for (let i = 0; i < 5; i++) expect((await call(id)).status).toBe(401);
      const after = (await sandboxControl(sandbox)).stats;
      expect((after.tokenRequests ?? 0) - (before.tokenRequests ?? 0)).toBe(1);
      expect((await app.stores.refreshAttempts.list(id)).map((a) => a.outcome)).toEqual([
        'abandoned',
        'invalid_grant_after_interrupted',
      ]);
      expect((await app.stores.accountConnectors.findById(id))?.authStatus).toBe('NeedsReauthentication');
    });

    it('when the provider still accepts the old refresh token: the retry succeeds and nothing is lost', async () => {
      await sandboxControl(sandbox, { strictRotation: false });
      const id = await installWithSandboxTokens(
        partner,
        sandbox.url,
        REDIRECT_URI,
        account,
        'Lenient',
        Date.now() - 1000,
      );
      expect((await refreshAndDie(database.url, id)).signal).toBe('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect((await call(id)).status).toBe(200);
      expect((await app.stores.refreshAttempts.list(id)).map((a) => a.outcome)).toEqual([
        'superseded',
        'refreshed',
      ]);
      expect((await app.stores.accountConnectors.findById(id))?.authStatus).toBe('Authenticated');
    });
  });
}
