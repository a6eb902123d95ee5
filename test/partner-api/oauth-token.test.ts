import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../support/test-databases.ts';
import { testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

for (const kind of testDatabaseKinds()) {
  let database: TestDatabase;
  let app: TestPlugboard;
  let client: { clientId: string; clientSecret: string };

  const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    app.server.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(body).toString(),
    });

  describe(`POST /oauth/token [${kind.kind}]`, () => {
    beforeAll(async () => {
      database = await kind.create();
      app = await startTestPlugboard(database);
      client = await app.services.apiClients.create('Partner backend');
      await app.database.db
        .insertInto('accounts')
        .values({ id: 'acme', name: 'Acme', created_at: 1, next_bill_date: 1 })
        .execute();
    });
    afterAll(async () => {
      await app.close();
      await database.drop();
    });

    it("issues a 14-day bearer token in Cyclr's shape, not cacheable", async () => {
      const response = await token({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const body = response.json();
      expect(body).toMatchObject({ token_type: 'bearer', expires_in: 1209599, clientId: client.clientId });
      expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('accepts client_secret_basic and a JSON body', async () => {
      const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
      expect(
        (await token({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })).statusCode,
      ).toBe(200);
      const json = await app.server.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: {
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        },
      });
      expect(json.statusCode).toBe(200);
    });

    it('answers GET with the parameters in a form body, a JSON body or the query, as Cyclr does', async () => {
      const params = {
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      };
      const viaForm = await app.server.inject({
        method: 'GET',
        url: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(params).toString(),
      });
      expect(viaForm.statusCode).toBe(200);
      expect(viaForm.json()).toMatchObject({ token_type: 'bearer', clientId: client.clientId });
      const viaJson = await app.server.inject({
        method: 'GET',
        url: '/oauth/token',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(params),
      });
      expect(viaJson.statusCode).toBe(200);
      const viaQuery = await app.server.inject({
        method: 'GET',
        url: `/oauth/token?${new URLSearchParams(params)}`,
      });
      expect(viaQuery.statusCode).toBe(200);
      expect(app.logs.text).not.toContain(client.clientSecret);
      const wrong = await app.server.inject({
        method: 'GET',
        url: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...params, client_secret: 'wrong' }).toString(),
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
      const notJson = await app.server.inject({
        method: 'GET',
        url: '/oauth/token',
        headers: { 'content-type': 'application/json' },
        payload: '{',
      });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json()).toMatchObject({ error: 'invalid_request' });
    });

    it('refuses a wrong secret, an unknown client and another grant type, in OAuth error form', async () => {
      const wrong = await token({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: 'nope',
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toEqual({
        error: 'invalid_client',
        error_description: 'Unknown client or wrong secret',
      });
      expect(
        (await token({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' })).statusCode,
      ).toBe(401);
      const password = await token({
        grant_type: 'password',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
      expect(password.statusCode).toBe(400);
      expect(password.json().error).toBe('unsupported_grant_type');
    });

    it('restricts a token to one existing account with scope=account:{id}', async () => {
      const good = await token({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        scope: 'account:acme',
      });
      expect(good.statusCode).toBe(200);
      const verified = await app.services.apiTokens.verify(good.json().access_token);
      expect(verified?.accountId).toBe('acme');
      const unknown = await token({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        scope: 'account:nobody',
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error).toBe('invalid_scope');
    });

    it('revokes a token at /oauth/revoke and after its client is revoked', async () => {
      const first = (
        await token({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        })
      ).json().access_token;
      const revoke = await app.server.inject({
        method: 'POST',
        url: '/oauth/revoke',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          token: first,
          client_id: client.clientId,
          client_secret: client.clientSecret,
        }).toString(),
      });
      expect(revoke.statusCode).toBe(200);
      expect(await app.services.apiTokens.verify(first)).toBeUndefined();
      const second = (
        await token({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        })
      ).json().access_token;
      expect(await app.services.apiTokens.verify(second)).toBeDefined();
      await app.services.apiClients.revoke(client.clientId);
      expect(await app.services.apiTokens.verify(second)).toBeUndefined();
    });
  });
}
