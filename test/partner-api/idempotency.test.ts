import { beforeAll, expect, it } from 'vitest';
import { requestHash } from '../../src/partner-api/cross-cutting/idempotency.ts';
import { describeApi, partnerCredentials } from '../support/api-harness.ts';

const START = Date.UTC(2025, 4, 1, 8, 0, 0);
let now = START;

describeApi(
  'Idempotency-Key on creating POSTs',
  (harness) => {
    beforeAll(() => {
      now = START;
    });
    const post = (url: string, body: unknown, key?: string, token?: string) =>
      harness().call('POST', url, {
        body,
        ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
        ...(token === undefined ? {} : { token }),
      });
    const accountCount = async () =>
      Number((await harness().call('GET', '/v1.0/accounts')).headers['total-records']);

    it('replays the stored answer for the same key and body, creating once', async () => {
      const first = await post('/v1.0/accounts', { Id: 'idem-1', Name: 'Once' }, 'create-idem-1');
      expect(first.status).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await post('/v1.0/accounts', { Name: 'Once', Id: 'idem-1' }, 'create-idem-1');
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.text).toBe(first.text);
      expect(await accountCount()).toBe(1);
    });

    it('refuses the same key with a different body with 409 {"Message"}', async () => {
      const response = await post('/v1.0/accounts', { Id: 'idem-2', Name: 'Other' }, 'create-idem-1');
      expect(response.status).toBe(409);
      expect(Object.keys(response.json())).toEqual(['Message']);
      expect(response.headers['plugboard-error-code']).toBe('idempotency_key_reused');
      expect((await harness().call('GET', '/v1.0/accounts/idem-2')).status).toBe(404);
    });

    it('refuses the same key on another route as a different request', async () => {
      const response = await post(
        '/v1.0/accounts/idem-1/signintoken',
        { Id: 'idem-1', Name: 'Once' },
        'create-idem-1',
      );
      expect(response.status).toBe(409);
    });

    it('replays a refusal as it was, with its error code', async () => {
      const first = await post('/v1.0/accounts', { Id: 'idem-1', Name: 'Dup' }, 'dup-key');
      expect(first.text).toBe('{"Message":"ID already in use"}');
      await harness().call('DELETE', '/v1.0/accounts/idem-1');
      const again = await post('/v1.0/accounts', { Id: 'idem-1', Name: 'Dup' }, 'dup-key');
      expect(again.status).toBe(400);
      expect(again.text).toBe('{"Message":"ID already in use"}');
      expect(again.headers['plugboard-error-code']).toBe('id_in_use');
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('refuses a request whose key is still being processed with 409 and Retry-After', async () => {
      const { db } = harness().app.database;
      const body = { Id: 'slow', Name: 'Slow' };
      const hash = requestHash({
        method: 'POST',
        route: '/v1.0/accounts',
        params: {},
        query: {},
        accountId: null,
        body,
      });
      await db
        .insertInto('idempotency_keys')
        .values({
          client_id: `client:${harness().partner.clientId}`,
          key: 'running',
          request_hash: hash,
          created_at: now,
        })
        .execute();
      const response = await post('/v1.0/accounts', body, 'running');
      expect(response.status).toBe(409);
      expect(response.headers['plugboard-error-code']).toBe('idempotency_key_in_progress');
      expect(response.headers['retry-after']).toBe('1');
      expect((await harness().call('GET', '/v1.0/accounts/slow')).status).toBe(404);
    });

    it('keeps a sign-in token in the stored answer sealed at rest, and replays it', async () => {
      await post('/v1.0/accounts', { Id: 'sealed', Name: 'Sealed' });
      const first = await post('/v1.0/accounts/sealed/signintoken', { Username: 'ada' }, 'token-key');
      const token = first.json().Token as string;
      const row = await harness()
        .app.database.db.selectFrom('idempotency_keys')
        .selectAll()
        .where('key', '=', 'token-key')
        .executeTakeFirstOrThrow();
      expect(row.status_code).toBe(200);
      expect(row.response_ct).toMatch(/^pb1\./);
      expect(row.response_ct).not.toContain(token);
      expect(JSON.stringify(row)).not.toContain(token);
      const again = await post('/v1.0/accounts/sealed/signintoken', { Username: 'ada' }, 'token-key');
      expect(again.json().Token).toBe(token);
      expect(again.headers['cache-control']).toBe('no-store');
    });

    it('keeps the keys of different API clients apart', async () => {
      const other = await partnerCredentials(harness().app, 'Second backend');
      const response = await post(
        '/v1.0/accounts',
        { Id: 'idem-other', Name: 'Other client' },
        'create-idem-1',
        other.token,
      );
      expect(response.status).toBe(200);
      expect(response.headers['idempotent-replayed']).toBeUndefined();
    });

    it('refuses a malformed key and ignores the header on other methods', async () => {
      const bad = await post('/v1.0/accounts', { Name: 'x' }, 'x'.repeat(256));
      expect(bad.status).toBe(400);
      expect(bad.json().Message).toMatch(/^Idempotency-Key must be/);
      const put = await harness().call('PUT', '/v1.0/accounts/sealed', {
        body: { Description: 'one' },
        headers: { 'idempotency-key': 'put-key' },
      });
      const put2 = await harness().call('PUT', '/v1.0/accounts/sealed', {
        body: { Description: 'two' },
        headers: { 'idempotency-key': 'put-key' },
      });
      expect([put.status, put2.status]).toEqual([200, 200]);
      expect(put2.json().Description).toBe('two');
    });

    it('forgets a key after 24 hours', async () => {
      now += 24 * 60 * 60 * 1000;
      const response = await post('/v1.0/accounts', { Id: 'idem-later', Name: 'Later' }, 'create-idem-1');
      expect(response.status).toBe(200);
      expect(response.json().Id).toBe('idem-later');
    });
  },
  { clock: () => now },
);
