import { beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../src/crypto/tokens.ts';
import { describeApi } from '../support/api-harness.ts';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const PARTNER = 'https://app.partner.example';
const AUTH_VALUE = JSON.stringify({
  AccessToken: 'at-launch-1',
  RefreshToken: 'rt-launch-1',
  Expires: '2031-01-01T00:00:00Z',
});

describeApi(
  'POST /v1.0/accounts/{id}/launch',
  (harness) => {
    const launch = (account: string, body: unknown, options: { token?: string } = {}) =>
      harness().call('POST', `/v1.0/accounts/${account}/launch`, { body, ...options });
    const accountExists = async (id: string) =>
      (await harness().call('GET', `/v1.0/accounts/${id}`)).status === 200;

    beforeAll(async () => {
      await harness().call('PUT', '/v1.0/settings', { body: { AllowedOrigins: [PARTNER] } });
      await harness().call('POST', '/v1.0/accounts', { body: { Id: 'acme', Name: 'Acme' } });
    });

    it('creates a missing account and answers a one-time, five-minute LAUNCH link on the service domain', async () => {
      const response = await launch('new-customer', { AccountName: 'New Customer Ltd', Tags: ['crm'] });
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const body = response.json();
      expect(Object.keys(body).sort()).toEqual(['AccountId', 'ExpiresAtUtc', 'LaunchUrl', 'Token']);
      expect(body.AccountId).toBe('new-customer');
      expect(body.Token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(body.ExpiresAtUtc).toBe(new Date(NOW + 5 * 60_000).toISOString());
      const url = new URL(body.LaunchUrl);
      expect(`${url.origin}${url.pathname}`).toBe('http://plugboard.test/account/signinwithtoken');
      expect(url.searchParams.get('token')).toBe(body.Token);
      expect(url.searchParams.get('returnUrl')).toBe('/launch');
      const account = (await harness().call('GET', '/v1.0/accounts/new-customer')).json();
      expect(account.Name).toBe('New Customer Ltd');
    });

    it('keeps an existing account as it is', async () => {
      expect((await launch('acme', { AccountName: 'Renamed?' })).status).toBe(200);
      expect((await harness().call('GET', '/v1.0/accounts/acme')).json().Name).toBe('Acme');
    });

    it('stores the token only as a hash, with the LAUNCH options beside it', async () => {
      const { Token } = (await launch('acme', { CompleteParameter: 'order-42', RunOnce: true })).json();
      const row = await harness()
        .app.database.db.selectFrom('sign_in_tokens')
        .selectAll()
        .where('token_hash', '=', hashToken(Token))
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(Token);
      expect(JSON.parse(row.launch_options ?? 'null')).toMatchObject({
        completeParameter: 'order-42',
        runOnce: true,
        targetOrigin: PARTNER,
      });
    });

    it('installs and authenticates the connectors given in ConnectorAuthentications', async () => {
      const response = await launch('preauthed', {
        ConnectorAuthentications: [{ Name: 'Capsule', Version: 'v2', AuthValue: AUTH_VALUE }],
      });
      expect(response.status).toBe(200);
      const connectors = (
        await harness().call('GET', '/v1.0/account/connectors', { account: 'preauthed' })
      ).json();
      expect(connectors).toHaveLength(1);
      expect(connectors[0]).toMatchObject({ Authenticated: true, Connector: { Name: 'Capsule' } });
      // A second LAUNCH re-authenticates the same account connector instead of installing another.
      await launch('preauthed', { ConnectorAuthentications: [{ Name: 'Capsule', AuthValue: AUTH_VALUE }] });
      expect(
        (await harness().call('GET', '/v1.0/account/connectors', { account: 'preauthed' })).json(),
      ).toHaveLength(1);
    });

    it('refuses bad input with a message naming the field, and writes nothing', async () => {
      const cases: [unknown, string][] = [
        [
          { TargetOrigin: 'https://evil.example' },
          'TargetOrigin https://evil.example is not one of the AllowedOrigins in the settings.',
        ],
        [{ TargetOrigin: 'javascript:alert(1)' }, 'TargetOrigin must be an http(s) origin or URL.'],
        [{ Tags: ['crm', ' '] }, 'Each tag must be a non-empty string.'],
        [{ Start: 'tomorrow' }, 'Start must be an ISO 8601 date and time, such as 2026-01-31T09:00:00Z.'],
        [
          { ConnectorAuthentications: [{ Name: 'Nope' }] },
          "ConnectorAuthentications[0]: there is no connector named 'Nope'.",
        ],
        [
          { ConnectorAuthentications: [{ Name: 'Capsule', AuthValue: '{"RefreshToken":"x"}' }] },
          'AuthValue must include a non-empty AccessToken.',
        ],
      ];
      for (const [body, message] of cases) {
        const response = await launch('never-made', body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.json()).toEqual({ Message: message });
      }
      expect(await accountExists('never-made')).toBe(false);
    });

    it('needs a TargetOrigin when the settings allow several origins', async () => {
      await harness().call('PUT', '/v1.0/settings', {
        body: { AllowedOrigins: [PARTNER, 'https://other.example'] },
      });
      try {
        expect((await launch('acme', {})).json().Message).toContain('TargetOrigin is required');
        expect((await launch('acme', { TargetOrigin: 'https://other.example/done?x=1' })).status).toBe(200);
      } finally {
        await harness().call('PUT', '/v1.0/settings', { body: { AllowedOrigins: [PARTNER] } });
      }
    });

    it('refuses an account-restricted token, as Cyclr does', async () => {
      const acmeOnly = await harness().tokenFor('acme');
      const response = await launch('acme', {}, { token: acmeOnly });
      expect(response.status).toBe(403);
      expect(Object.keys(response.json())).toEqual(['Message']);
    });

    it('makes a token that opens exactly one account session', async () => {
      const { Token } = (await launch('acme', {})).json();
      const sessions = harness().app.services.accountSessions;
      const first = await sessions.signInWithToken(Token);
      expect(first.ok && first.session.accountId).toBe('acme');
      expect(first.ok && first.session.launch?.targetOrigin).toBe(PARTNER);
      expect(await sessions.signInWithToken(Token)).toEqual({ ok: false, reason: 'used' });
    });
  },
  { clock: () => NOW },
);
