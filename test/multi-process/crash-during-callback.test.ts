import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNewAccount } from '../../src/partner-api/accounts/account-body.ts';
import { BrowserSimulator, consentIdFrom } from '../support/browser-simulator.ts';
import { freePort } from '../support/free-port.ts';
import { type RunningProcess, startSandboxProcess } from '../support/plugboard-process.ts';
import { setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, TEST_KEYS, type TestPlugboard } from '../support/test-plugboard.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures/serve-then-die-at-callback.ts');

for (const kind of testDatabaseKinds()) {
  describe(`row 24: the process dies after the provider issued tokens, before the commit [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: TestPlugboard;
    let sandbox: RunningProcess;
    let port: number;

    beforeAll(async () => {
      database = await kind.create();
      port = await freePort();
      sandbox = await startSandboxProcess(`http://127.0.0.1:${port}/connector/callback`);
      app = await startTestPlugboard(database, { env: { PLUGBOARD_PUBLIC_URL: `http://127.0.0.1:${port}` } });
      await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandbox.url);
      await app.services.settings.update({ allowedOrigins: ['https://partner.example'] });
      await app.services.accounts.create(readNewAccount({ Id: 'acme', Name: 'Acme' }));
    }, 60_000);
    afterAll(async () => {
      await sandbox?.stop();
      await app?.close();
      await database?.drop();
    });

    it('leaves no half-written account connector, and the partner is never told success', async () => {
      const connector = await app.services.accountConnectors.install(
        'acme',
        app.services.catalog.byId(5801) as never,
        { name: 'Dies' },
      );
      const { token: Token } = await app.services.signInTokens.issue('acme', 'jo');
      const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
        env: {
          ...process.env,
          PLUGBOARD_DATABASE_URL: database.url,
          PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
          PLUGBOARD_PORT: String(port),
          PLUGBOARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
        },
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve());
        child.once('exit', (code) => reject(new Error(`server exited early: ${code}`)));
      });
      const exited = new Promise<string | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );

      const browser = new BrowserSimulator();
      const link = `http://127.0.0.1:${port}/UpdateAccountConnectorOAuth?${new URLSearchParams({ id: String(connector.id), token: Token, targetOrigin: 'https://partner.example', callbackMessage: 'done' })}`;
      const { url: authorise } = await browser.follow(link, (next) => next.includes('/oauth/authorise'));
      const consent = await browser.request(authorise);
      const decision = await browser.request(`${sandbox.url}/oauth/authorise`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          consent_id: consentIdFrom(await consent.text()),
          decision: 'allow',
        }).toString(),
      });
      const callback = decision.headers.get('location') ?? '';
      await expect(browser.request(callback)).rejects.toThrow();
      expect(await exited).toBe('SIGKILL');

      expect(await app.stores.accountConnectors.findById(connector.id)).toMatchObject({
        authStatus: 'Unauthenticated',
        credentialsVersion: 0,
      });
      expect(await app.stores.connectorCredentials.readCredentials(connector.id)).toBeUndefined();
      const flow = await app.database.db
        .selectFrom('oauth_flows')
        .selectAll()
        .where('account_connector_id', '=', connector.id)
        .executeTakeFirstOrThrow();
      expect(flow.consumed_at).not.toBeNull();
      expect(flow.outcome).toBeNull();
    });
  });
}
