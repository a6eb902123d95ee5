/**
 * A transaction parked as `Waiting` (ReasonCode 20) because its connection was revoked resumes as soon
 * as the connector is authenticated again — through the end user's OAuth flow or a partner's
 * `AuthValue` — not on the next maintenance pass: the maintenance job runs every ten minutes here,
 * and the cycles run once, so no later poll can resume them either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSimulator } from '../support/browser-simulator.ts';
import { FlowFixture, PARTNER_ORIGIN } from '../support/flow-fixture.ts';
import { sandboxTokens } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { type AppReceiver, startAppReceiver } from './support/app-receiver.ts';
import { eventually } from './support/cycle-world.ts';
import { LIST_USERS, usersToApp } from './support/engine-world.ts';

/** Users → a 2 s delay (the window to revoke in) → List Users again → the app. */
function delayedTemplate(name: string) {
  const template = usersToApp(name, { CollectionSplitType: 'First' }, [
    { Key: 'later', Kind: 'Delay', Seconds: 2 },
    { Key: 'again', Kind: 'Method', Connector: 'capsule', Method: LIST_USERS },
  ]);
  template.Edges = [
    { From: 'users', To: 'later' },
    { From: 'later', To: 'again' },
    { From: 'again', To: 'send' },
  ];
  return template;
}

/** The resume must come from the authentication itself: far quicker than any housekeeping pass. */
const PROMPT_MS = 8_000;

for (const kind of testDatabaseKinds()) {
  describe(`re-authentication resumes parked transactions at once [${kind.kind}]`, {
    timeout: 90_000,
  }, () => {
    let database: TestDatabase;
    let fixture: FlowFixture;
    let receiver: AppReceiver;
    const account = 'acme';
    let connectorId = 0;
    const call = (method: string, url: string, body?: unknown) =>
      fixture.partner.call(method, url, { account, ...(body === undefined ? {} : { body }) });

    /** The end user's OAuth flow in a browser, to its callback. */
    const authenticateInBrowser = async () => {
      const browser = new BrowserSimulator();
      const link = fixture.link({
        id: String(connectorId),
        token: await fixture.signInToken(account),
        targetOrigin: PARTNER_ORIGIN,
        callbackMessage: 'connected',
      });
      const { callbackUrl } = await fixture.toCallback(browser, link);
      expect((await browser.request(callbackUrl)).status).toBe(200);
    };

    /** Installs and runs a cycle once, revokes the connection mid-transaction, and answers the parked transaction. */
    const parkOne = async (name: string, path: string): Promise<string> => {
      const imported = await call('POST', '/v1.0/templates/import', delayedTemplate(name));
      expect(imported.status, imported.text).toBe(200);
      const cycle = await call('POST', `/v1.0/templates/${imported.json().Id}/install`, {
        AccountConnectors: { capsule: connectorId },
      });
      const id = cycle.json().Id as string;
      await call('PATCH', `/v1.0/cycles/${id}/variables`, [
        { SystemName: 'TargetUrl', Value: receiver.url(path) },
      ]);
      expect((await call('PUT', `/v1.0/cycles/${id}/activate`, { RunOnce: true })).status).toBe(200);
      await eventually(async () =>
        (await call('GET', `/v1.0/cycles/${id}/transactions`)).json().length === 1 ? true : undefined,
      );
      expect((await call('PUT', `/v1.0/account/connectors/${connectorId}/deauthenticate`)).status).toBe(200);
      const waiting = await eventually(async () => {
        const [t] = (await call('GET', `/v1.0/cycles/${id}/transactions`)).json();
        return t.Status === 'Waiting' ? t : undefined;
      });
      expect(waiting).toMatchObject({ ReasonCode: 20, CurrentStepKey: 'again' });
      // Parked, it stays parked while the connection is down.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await call('GET', `/v1.0/transactions/${waiting.Id}`)).json().Status).toBe('Waiting');
      return waiting.Id as string;
    };

    const completesPromptly = async (transactionId: string, path: string) => {
      const started = Date.now();
      await eventually(
        async () =>
          (await call('GET', `/v1.0/transactions/${transactionId}`)).json().Status === 'Completed'
            ? true
            : undefined,
        PROMPT_MS,
        'the parked transaction to complete after re-authentication',
      );
      expect(Date.now() - started).toBeLessThan(PROMPT_MS);
      expect(receiver.received.filter((d) => d.path === path)).toHaveLength(1);
    };

    beforeAll(async () => {
      database = await kind.create();
      fixture = await FlowFixture.start(database, {
        runJobs: true,
        cycleEngine: { maintenanceIntervalMs: 600_000 },
        env: { PLUGBOARD_LOG_LEVEL: 'warn' },
      });
      await fixture.createAccount(account);
      connectorId = await fixture.install(account, 'Capsule');
      await authenticateInBrowser();
      receiver = await startAppReceiver();
      const settings = await fixture.partner.call('PUT', '/v1.0/settings', {
        body: { AllowedOutboundHosts: [`127.0.0.1:${receiver.port}`], AllowPrivateAddresses: true },
      });
      expect(settings.status, settings.text).toBe(200);
    }, 60_000);
    afterAll(async () => {
      await receiver?.close();
      await fixture?.close();
      await database?.drop();
    });

    it('resumes when the end user authenticates again through the OAuth flow', async () => {
      const parked = await parkOne('Resume after OAuth', '/after-oauth');
      await authenticateInBrowser();
      await completesPromptly(parked, '/after-oauth');
    });

    it('resumes when the partner supplies new credentials (AuthValue)', async () => {
      const parked = await parkOne('Resume after AuthValue', '/after-authvalue');
      const fresh = await sandboxTokens(fixture.sandboxBase, fixture.app.config.callbackUrl);
      const authValue = JSON.stringify({
        AccessToken: fresh.access_token,
        RefreshToken: fresh.refresh_token,
        Expires: new Date(Date.now() + fresh.expires_in * 1000).toISOString(),
      });
      const reply = await call('PUT', `/v1.0/account/connectors/${connectorId}`, { AuthValue: authValue });
      expect(reply.status, reply.text).toBe(200);
      await completesPromptly(parked, '/after-authvalue');
    });
  });
}
