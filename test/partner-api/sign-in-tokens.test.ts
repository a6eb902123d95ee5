import { beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../src/crypto/tokens.ts';
import { describeApi } from '../support/api-harness.ts';

const NOW = Date.UTC(2025, 2, 1, 12, 0, 0);

describeApi(
  'POST /v1.0/accounts/{id}/signintoken',
  (harness) => {
    beforeAll(async () => {
      for (const id of ['acme', 'globex']) {
        await harness().call('POST', '/v1.0/accounts', { body: { Id: id, Name: id } });
      }
    });
    const mint = (account: string, body: unknown, options: { token?: string; account?: string } = {}) =>
      harness().call('POST', `/v1.0/accounts/${account}/signintoken`, { body, ...options });

    it('mints a five-minute token of 32 random bytes, not cacheable, with no X-Cyclr-Account', async () => {
      const response = await mint('acme', { Username: 'ada@example.com' });
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const body = response.json();
      expect(Object.keys(body)).toEqual(['Token', 'ExpiresAtUtc']);
      expect(body.Token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(body.ExpiresAtUtc).toBe(new Date(NOW + 5 * 60 * 1000).toISOString());
      const second = await mint('acme', { Username: 'ada@example.com' });
      expect(second.json().Token).not.toBe(body.Token);
    });

    it('creates the user when the account does not have it yet', async () => {
      await mint('acme', { Username: 'new-user' });
      const users = await harness().call('GET', '/v1.0/accounts/acme/users');
      expect(users.json()).toContain('new-user');
    });

    it('stores the token only as its SHA-256 hash', async () => {
      const token = (await mint('acme', { Username: 'hashed' })).json().Token as string;
      const rows = await harness()
        .app.database.db.selectFrom('sign_in_tokens')
        .selectAll()
        .where('username', '=', 'hashed')
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash).toBe(hashToken(token));
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('requires a Username, naming it in the 400', async () => {
      for (const body of [{}, { Username: '' }, { Username: '   ' }, { Username: null }]) {
        const response = await mint('acme', body);
        expect(response.status).toBe(400);
        expect(response.json()).toEqual({ Message: 'Username is required' });
      }
      expect((await mint('acme', { Username: 'x'.repeat(256) })).json()).toEqual({
        Message: 'Username must be at most 255 characters.',
      });
      expect((await mint('acme', { Username: 'tab\there' })).json()).toEqual({
        Message: 'Username must not contain control characters.',
      });
    });

    it('answers 404 for an unknown account', async () => {
      const response = await mint('nobody', { Username: 'ada' });
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ Message: "Account 'nobody' was not found." });
    });

    it('serves a token restricted to the account and refuses one restricted to another', async () => {
      const acmeOnly = await harness().tokenFor('acme');
      expect((await mint('acme', { Username: 'ada' }, { token: acmeOnly })).status).toBe(200);
      const refused = await mint('globex', { Username: 'ada' }, { token: acmeOnly });
      expect(refused.status).toBe(403);
      expect(Object.keys(refused.json())).toEqual(['Message']);
    });

    it('ignores an X-Cyclr-Account header naming another account on this partner-level call', async () => {
      const response = await mint('acme', { Username: 'ada' }, { account: 'globex' });
      expect(response.status).toBe(200);
      const row = await harness()
        .app.database.db.selectFrom('sign_in_tokens')
        .select('account_id')
        .where('token_hash', '=', hashToken(response.json().Token))
        .executeTakeFirstOrThrow();
      expect(row.account_id).toBe('acme');
    });

    it('mints a token the OAuth flow can redeem exactly once', async () => {
      const token = (await mint('acme', { Username: 'once' })).json().Token as string;
      expect(await harness().app.services.signInTokens.redeem(token)).toEqual({
        ok: true,
        accountId: 'acme',
        username: 'once',
        launchOptions: null,
      });
      expect(await harness().app.services.signInTokens.redeem(token)).toEqual({ ok: false, reason: 'used' });
    });
  },
  { clock: () => NOW },
);
