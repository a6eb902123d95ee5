import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSPORTS } from '../support/api-harness.ts';
import { ConsoleSession } from '../support/console-session.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

for (const kind of testDatabaseKinds()) {
  for (const transport of TRANSPORTS) {
    describe(`API clients [${kind.kind}, ${transport}]`, () => {
      let database: TestDatabase;
      let app: TestPlugboard;
      let partner: PartnerClient;

      beforeAll(async () => {
        database = await kind.create();
        app = await startTestPlugboard(database, { env: { PLUGBOARD_LOG_LEVEL: 'warn' } });
        partner = await PartnerClient.connect(app, transport);
        await partner.authenticate();
      });
      afterAll(async () => {
        await app.close();
        await database.drop();
      });

      it('creates a client and returns its secret once, not cached', async () => {
        const response = await partner.call('POST', '/v1.0/apiclients', { body: { Name: 'Reporting job' } });
        expect(response.status).toBe(200);
        expect(response.headers['cache-control']).toBe('no-store');
        const created = response.json();
        expect(created).toMatchObject({ Name: 'Reporting job', Revoked: false, RevokedAtUtc: null });
        expect(created.ClientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const token = await partner.call('POST', '/oauth/token', {
          token: null,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: created.ClientId,
            client_secret: created.ClientSecret,
          }).toString(),
        });
        expect(token.status).toBe(200);
      });

      it('keeps no copy of a new secret: an Idempotency-Key does not replay the creation', async () => {
        const headers = { 'idempotency-key': 'create-client-once' };
        const first = await partner.call('POST', '/v1.0/apiclients', { body: { Name: 'Retried' }, headers });
        const second = await partner.call('POST', '/v1.0/apiclients', { body: { Name: 'Retried' }, headers });
        expect(second.headers['idempotent-replayed']).toBeUndefined();
        expect(second.json().ClientId).not.toBe(first.json().ClientId);
        const stored = await app.database.db.selectFrom('idempotency_keys').selectAll().execute();
        expect(stored).toEqual([]);
        await partner.call('DELETE', `/v1.0/apiclients/${first.json().ClientId}`);
        await partner.call('DELETE', `/v1.0/apiclients/${second.json().ClientId}`);
      });

      it('lists clients with paging headers and never a secret', async () => {
        const response = await partner.call('GET', '/v1.0/apiclients');
        expect(response.status).toBe(200);
        expect(response.headers['total-records']).toBe('4');
        const list = response.json();
        expect(list.map((c: { Name: string }) => c.Name)).toEqual([
          'Test partner backend',
          'Reporting job',
          'Retried',
          'Retried',
        ]);
        expect(response.text).not.toContain('ClientSecret');
        const one = await partner.call('GET', `/v1.0/apiclients/${list[1].ClientId}`);
        expect(one.json()).toEqual(list[1]);
      });

      it('refuses a client without a name with the Message', async () => {
        const response = await partner.call('POST', '/v1.0/apiclients', { body: { Name: '  ' } });
        expect(response.status).toBe(400);
        expect(response.json()).toEqual({ Message: 'Name is required' });
      });

      it('revokes a client and every token it holds', async () => {
        const created = (
          await partner.call('POST', '/v1.0/apiclients', { body: { Name: 'Short-lived' } })
        ).json();
        const other = await PartnerClient.connect(app, transport);
        const form = new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: created.ClientId,
          client_secret: created.ClientSecret,
        }).toString();
        const granted = await other.call('POST', '/oauth/token', {
          token: null,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        });
        other.token = granted.json().access_token;
        expect((await other.call('GET', '/v1.0/connectors')).status).toBe(200);
        const revoked = await partner.call('DELETE', `/v1.0/apiclients/${created.ClientId}`);
        expect(revoked.status).toBe(200);
        expect(revoked.json()).toEqual({
          Message: "API client 'Short-lived' revoked; its access tokens no longer work.",
        });
        expect((await other.call('GET', '/v1.0/connectors')).status).toBe(401);
        const listed = (await partner.call('GET', `/v1.0/apiclients/${created.ClientId}`)).json();
        expect(listed.Revoked).toBe(true);
        expect(listed.RevokedAtUtc).not.toBeNull();
      });

      it('answers 404 for an unknown client', async () => {
        const response = await partner.call('DELETE', '/v1.0/apiclients/nope');
        expect(response.status).toBe(404);
        expect(response.json()).toEqual({ Message: "API client 'nope' was not found." });
      });

      it('refuses account-restricted tokens', async () => {
        await app.database.db
          .insertInto('accounts')
          .values({ id: 'acme', name: 'Acme', created_at: 1, next_bill_date: 1 })
          .execute();
        const restricted = await PartnerClient.connect(app, transport);
        await restricted.authenticate('acme');
        expect((await restricted.call('GET', '/v1.0/apiclients')).status).toBe(403);
        expect((await restricted.call('POST', '/v1.0/apiclients', { body: { Name: 'x' } })).status).toBe(403);
      });

      it('works for a console admin with the session cookie and CSRF token', async () => {
        if (transport === 'HTTP') return;
        await app.services.admins.create('ada', 'correct horse battery');
        const admin = new ConsoleSession(app);
        await admin.signIn('ada', 'correct horse battery');
        const created = await admin.call('POST', '/v1.0/apiclients', { body: { Name: 'From the console' } });
        expect(created.status).toBe(200);
        expect(created.json().ClientSecret).toBeTruthy();
        const withoutCsrf = await admin.call('POST', '/v1.0/apiclients', {
          body: { Name: 'x' },
          csrf: false,
        });
        expect(withoutCsrf.status).toBe(403);
      });
    });
  }
}
