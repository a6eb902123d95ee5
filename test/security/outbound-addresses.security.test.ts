import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { insertAccount } from '../support/raw-rows.ts';
import {
  installWithSandboxTokens,
  SANDBOX_CLIENT,
  setUpCapsuleAgainstSandbox,
} from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

for (const kind of testDatabaseKinds()) {
  describe(`the outbound address policy [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    const sandbox = () => `${app.baseUrl}/sandbox/capsule`;
    const setup = (body: Record<string, unknown>) =>
      partner.call('PUT', `/v1.0/connectors/${CAPSULE_V2.id}/setup`, { body });
    const settings = (body: Record<string, unknown>) => partner.call('PUT', '/v1.0/settings', { body });

    beforeAll(async () => {
      database = await kind.create();
      // A loopback service domain: private addresses are allowed until a test says otherwise.
      app = await startLivePlugboard(database, { allowPrivateAddresses: null });
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      await insertAccount(app, 'acme');
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('allows private addresses by default while the service domain is loopback', async () => {
      expect((await partner.call('GET', '/v1.0/settings')).json().AllowPrivateAddresses).toBe(true);
      await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandbox());
      const id = await installWithSandboxTokens(
        partner,
        sandbox(),
        app.config.callbackUrl,
        'acme',
        'Capsule',
      );
      const call = await partner.call('GET', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, {
        account: 'acme',
      });
      expect(call.status).toBe(200);
    });

    it('refuses a call to a loopback API base once private addresses are not allowed, sending nothing', async () => {
      const id = await installWithSandboxTokens(
        partner,
        sandbox(),
        app.config.callbackUrl,
        'acme',
        'Capsule 2',
      );
      expect((await settings({ AllowPrivateAddresses: false })).status).toBe(200);
      const before = app.sandbox?.stats.apiRequests ?? 0;
      const call = await partner.call('GET', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, {
        account: 'acme',
      });
      expect(call.status).toBe(409);
      expect(call.headers['plugboard-error-code']).toBe('outbound_address_refused');
      expect(call.json().Message).toMatch(/127\.0\.0\.1 is a loopback address; set AllowPrivateAddresses/);
      expect(app.sandbox?.stats.apiRequests ?? 0).toBe(before);
      const proxied = await partner.call('GET', `/v1.0/account/connectors/${id}/proxy/parties`, {
        account: 'acme',
      });
      expect(proxied.status).toBe(409);
      expect(await settings({ AllowPrivateAddresses: null })).toHaveProperty('status', 200);
    });

    it.each([
      ['ApiBaseUrl', 'http://127.1/api/v2'],
      ['ApiBaseUrl', 'http://2130706433/api/v2'],
      ['ApiBaseUrl', 'http://0x7f.1/api/v2'],
      ['ApiBaseUrl', 'http://[::1]:3000/api/v2'],
      ['ApiBaseUrl', 'http://[::ffff:127.0.0.1]/api/v2'],
      ['ApiBaseUrl', 'http://foo.localhost/api/v2'],
      ['AccessTokenUrl', 'http://127.0.0.1:9/oauth/token'],
      ['ApiBaseUrl', 'https://169.254.169.254/latest'],
      ['AccessTokenUrl', 'https://10.0.0.8/oauth/token'],
    ])('refuses %s %s at setup while private addresses are not allowed', async (field, url) => {
      await settings({ AllowPrivateAddresses: false });
      const before = await partner.call('GET', `/v1.0/connectors/${CAPSULE_V2.id}/setup`);
      const response = await setup({ [field]: url });
      expect(response.status).toBe(400);
      expect(response.json().Message).toMatch(new RegExp(`^${field} (is refused|must use https)`));
      expect((await partner.call('GET', `/v1.0/connectors/${CAPSULE_V2.id}/setup`)).json()).toEqual(
        before.json(),
      );
      await settings({ AllowPrivateAddresses: null });
    });

    it('refuses at setup an ApiBaseUrl that every call would refuse (a query or fragment)', async () => {
      for (const url of [`${sandbox()}/api/v2?x=1`, `${sandbox()}/api/v2?`]) {
        const response = await setup({ ApiBaseUrl: url });
        expect(response.status).toBe(400);
        expect(response.json()).toEqual({ Message: 'ApiBaseUrl must not have a query or fragment.' });
      }
    });

    it('accepts a public host whatever the policy', async () => {
      await settings({ AllowPrivateAddresses: false });
      const response = await setup({
        ClientId: SANDBOX_CLIENT.clientId,
        ApiBaseUrl: 'https://api.capsulecrm.com/api/v2',
        AccessTokenUrl: 'https://api.capsulecrm.com/oauth/token',
      });
      expect(response.status).toBe(200);
      await settings({ AllowPrivateAddresses: null });
    });
  });

  describe(`AllowPrivateAddresses on a public service domain [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: TestPlugboard;
    beforeAll(async () => {
      database = await kind.create();
      app = await startTestPlugboard(database, {
        env: { PLUGBOARD_PUBLIC_URL: 'https://connect.example.com' },
        allowPrivateAddresses: null,
      });
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('is false by default, so a token URL on loopback is refused at setup', async () => {
      expect(await app.services.settings.allowPrivateAddresses()).toBe(false);
      await expect(
        app.services.connectorSetups.update(CAPSULE_V2, {
          accessTokenUrl: 'http://localhost:3000/oauth/token',
        }),
      ).rejects.toThrow(/AccessTokenUrl is refused: localhost is a loopback name/);
    });
  });
}
