import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { TRANSPORTS } from '../support/api-harness.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const SETUP = `/v1.0/connectors/${CAPSULE_V2.id}/setup`;

for (const kind of testDatabaseKinds()) {
  for (const transport of TRANSPORTS) {
    describe(`connector setup [${kind.kind}, ${transport}]`, () => {
      let database: TestDatabase;
      let app: TestPlugboard;
      let partner: PartnerClient;

      beforeAll(async () => {
        database = await kind.create();
        app = await startTestPlugboard(database);
        partner = await PartnerClient.connect(app, transport);
        await partner.authenticate();
      });
      afterAll(async () => {
        await app.close();
        await database.drop();
      });

      it("starts from Cyclr's Capsule defaults and shows the callback URL to register", async () => {
        const response = await partner.call('GET', SETUP);
        expect(response.status).toBe(200);
        expect(response.json()).toMatchObject({
          ClientId: null,
          HasClientSecret: false,
          AuthoriseUrl: 'https://api.capsulecrm.com/oauth/authorise?scope=read+write',
          AccessTokenUrl: 'https://api.capsulecrm.com/oauth/token',
          ApiBaseUrl: 'https://api.capsulecrm.com/api/v2',
          TokenAuthMethod: 'client_secret_post',
          RequestsPerHour: 4000,
          CallbackUrl: 'http://plugboard.test/connector/callback',
        });
      });

      it('stores the client secret encrypted and never returns it', async () => {
        const response = await partner.call('PUT', SETUP, {
          body: {
            ClientId: 'capsule-app',
            ClientSecret: 'capsule-app-secret-value',
            CallbackUrl: 'https://ignored.example',
          },
        });
        expect(response.status).toBe(200);
        expect(response.text).not.toContain('capsule-app-secret-value');
        expect(response.json()).toMatchObject({
          ClientId: 'capsule-app',
          HasClientSecret: true,
          CallbackUrl: 'http://plugboard.test/connector/callback',
        });
        const row = await app.database.db
          .selectFrom('connector_setups')
          .selectAll()
          .executeTakeFirstOrThrow();
        expect(row.client_secret_ct).toMatch(/^pb1\./);
        expect(row.client_secret_ct).not.toContain('capsule-app-secret-value');
        expect((await partner.call('GET', SETUP)).text).not.toContain('capsule-app-secret-value');
      });

      it('keeps the secret when a GET is echoed back, and changes only the fields sent', async () => {
        const current = (await partner.call('GET', SETUP)).json();
        const response = await partner.call('PUT', SETUP, { body: { ...current, Scopes: 'read write' } });
        expect(response.json()).toMatchObject({
          HasClientSecret: true,
          Scopes: 'read write',
          ClientId: 'capsule-app',
        });
        const setup = await app.services.connectorSetups.resolve(CAPSULE_V2);
        expect(setup.clientSecret).toBe('capsule-app-secret-value');
      });

      it.each([
        [
          { AuthoriseUrl: 'http://capsule.example/oauth/authorise' },
          'AuthoriseUrl must use https (http is allowed only for localhost).',
        ],
        [{ AccessTokenUrl: 'not a url' }, 'AccessTokenUrl is not an absolute URL.'],
        [
          { ApiBaseUrl: 'https://user:pw@api.example/v2' },
          'ApiBaseUrl must not contain a user name or password.',
        ],
        [
          { TokenAuthMethod: 'private_key_jwt' },
          'TokenAuthMethod must be client_secret_post or client_secret_basic.',
        ],
        [{ RequestsPerHour: -5 }, 'RequestsPerHour must be a whole number from 0 (no budget) up.'],
      ])('refuses %j with a clear message and changes nothing', async (body, message) => {
        const before = (await partner.call('GET', SETUP)).json();
        const response = await partner.call('PUT', SETUP, { body });
        expect(response.status).toBe(400);
        expect(response.json()).toEqual({ Message: message });
        expect((await partner.call('GET', SETUP)).json()).toEqual(before);
      });

      it('accepts loopback http URLs (the sandbox) and resets a field to its default with null', async () => {
        const response = await partner.call('PUT', SETUP, {
          body: { AccessTokenUrl: 'http://localhost:3000/sandbox/capsule/oauth/token', ApiBaseUrl: null },
        });
        expect(response.json()).toMatchObject({
          AccessTokenUrl: 'http://localhost:3000/sandbox/capsule/oauth/token',
          ApiBaseUrl: 'https://api.capsulecrm.com/api/v2',
        });
      });

      it('is refused to a token restricted to one account', async () => {
        await insertAccount(app, `restricted-${transport}`);
        const restricted = await PartnerClient.connect(app, transport);
        await restricted.authenticate(`restricted-${transport}`);
        expect((await restricted.call('GET', SETUP)).status).toBe(403);
        expect((await restricted.call('PUT', SETUP, { body: { ClientId: 'x' } })).status).toBe(403);
      });
    });
  }
}
