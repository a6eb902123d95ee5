import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'latin1').toString('base64')}`;

for (const kind of testDatabaseKinds()) {
  describe(`the token endpoints under bad input and floods [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: TestPlugboard;
    let client: { clientId: string; clientSecret: string };
    const post = (
      url: string,
      payload: string,
      headers: Record<string, string>,
      remoteAddress = '127.0.0.1',
    ) => app.server.inject({ method: 'POST', url, payload, headers, remoteAddress });

    beforeAll(async () => {
      database = await kind.create();
      app = await startTestPlugboard(database, {
        env: { PLUGBOARD_TOKEN_RATE_LIMIT: '3', PLUGBOARD_TRUSTED_PROXIES: '10.9.9.9' },
      });
      client = await app.services.apiClients.create('Partner backend');
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it.each([
      ['malformed JSON', '{', {}],
      ['a __proto__ key', '{"__proto__":{"grant_type":"client_credentials"}}', {}],
      ['a constructor.prototype key', '{"constructor":{"prototype":{"x":1}}}', {}],
      ['JSON nested 20,000 levels', `{"scope":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, {}],
    ])('answers %s with an OAuth invalid_request on both endpoints', async (_what, payload, headers) => {
      for (const [url, address] of [
        ['/oauth/token', '192.0.2.1'],
        ['/oauth/revoke', '192.0.2.1'],
      ] as const) {
        const response = await post(
          url,
          payload,
          { 'content-type': 'application/json', ...headers },
          address,
        );
        expect(response.statusCode).toBe(400);
        expect(response.json()).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
        expect(response.body).not.toMatch(/FST_|statusCode|stack/);
      }
    });

    it('treats a Basic header whose parts are not valid percent-encoding as an unknown client', async () => {
      for (const url of ['/oauth/token', '/oauth/revoke']) {
        const response = await post(
          url,
          'grant_type=client_credentials&token=x',
          { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('%E0%A4%A', '%') },
          '192.0.2.2',
        );
        expect(response.statusCode).toBe(401);
        expect(response.json().error).toBe('invalid_client');
      }
    });

    it('limits token requests per client address, whatever the outcome, without touching other addresses', async () => {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: 'wrong',
      }).toString();
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      for (let i = 0; i < 3; i++)
        expect((await post('/oauth/token', form, headers, '198.51.100.7')).statusCode).toBe(401);
      const limited = await post('/oauth/token', form, headers, '198.51.100.7');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toBe('temporarily_unavailable');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const right = form.replace(
        'client_secret=wrong',
        `client_secret=${encodeURIComponent(client.clientSecret)}`,
      );
      expect((await post('/oauth/token', right, headers, '198.51.100.7')).statusCode).toBe(429);
      expect((await post('/oauth/token', right, headers, '198.51.100.8')).statusCode).toBe(200);
    });

    it('reads the client address from X-Forwarded-For only when a trusted proxy sends it', async () => {
      const form = 'grant_type=client_credentials&client_id=x&client_secret=y';
      const headers = (forwarded: string) => ({
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': forwarded,
      });
      for (let i = 0; i < 3; i++)
        await post('/oauth/token', form, headers(`203.0.113.${i}`), '198.51.100.20');
      // An untrusted sender's X-Forwarded-For is ignored: all three counted against its own address.
      expect((await post('/oauth/token', form, headers('203.0.113.99'), '198.51.100.20')).statusCode).toBe(
        429,
      );
      // Behind the trusted proxy, each client has its own budget.
      for (let i = 0; i < 3; i++) {
        expect((await post('/oauth/token', form, headers(`203.0.113.${i}`), '10.9.9.9')).statusCode).toBe(
          401,
        );
      }
      expect((await post('/oauth/token', form, headers('203.0.113.50'), '10.9.9.9')).statusCode).toBe(401);
    });
  });
}
