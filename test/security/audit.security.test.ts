import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSimulator } from '../support/browser-simulator.ts';
import { FlowFixture, PARTNER_ORIGIN } from '../support/flow-fixture.ts';
import { refuseWrites } from '../support/refuse-writes.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

for (const kind of testDatabaseKinds()) {
  describe(`audit trail of credentials [${kind.kind}]`, () => {
    let database: TestDatabase;
    let fixture: FlowFixture;
    const account = 'acme';
    const other = 'globex';

    async function authenticated(name: string): Promise<number> {
      const id = await fixture.install(account, name);
      const browser = new BrowserSimulator();
      const link = fixture.link({
        id: String(id),
        token: await fixture.signInToken(account),
        targetOrigin: PARTNER_ORIGIN,
      });
      await browser.request((await fixture.toCallback(browser, link)).callbackUrl);
      return id;
    }
    const expire = (id: number) =>
      fixture.app.database.db
        .updateTable('account_connectors')
        .set({ token_expires_at: Date.now() - 1 })
        .where('id', '=', id)
        .execute();
    const callMethod = (id: number, as = account) =>
      fixture.partner.call('POST', `/v1.0/account/connectors/${id}/methods/${LIST_PARTIES}`, {
        account: as,
        body: {},
      });

    beforeAll(async () => {
      database = await kind.create();
      fixture = await FlowFixture.start(database);
      await fixture.createAccount(account);
      await fixture.createAccount(other);
    });
    afterAll(async () => {
      await fixture.close();
      await database.drop();
    });

    it('records authentication, refresh and deauthentication, newest first, with no secret in it', async () => {
      const id = await authenticated('Audited');
      await expire(id);
      expect((await callMethod(id)).status).toBe(200);
      expect(
        (await fixture.partner.call('PUT', `/v1.0/account/connectors/${id}/deauthenticate`, { account }))
          .status,
      ).toBe(200);
      const events = await fixture.partner.call('GET', `/v1.0/account/connectors/${id}/events`, { account });
      expect(events.status).toBe(200);
      expect(events.json().map((e: { Action: string }) => e.Action)).toEqual([
        'credentials.deauthenticated',
        'credentials.refreshed',
        'credentials.authenticated',
      ]);
      expect(events.json()[2].Actor).toBe('user:jo@customer.example');
      const raw = JSON.stringify(
        await fixture.app.database.db.selectFrom('audit_events').selectAll().execute(),
      );
      expect(raw).not.toContain('capsule-sandbox-secret');
      expect(raw).not.toMatch(/[A-Za-z0-9_-]{43}/);
    });

    it("row 43: another account's connector id gets a plain 404 on the API and the proxy, and the attempt is audited", async () => {
      const theirs = await fixture.install(other, 'Theirs');
      expect(
        (await fixture.partner.call('GET', `/v1.0/account/connectors/${theirs}`, { account })).status,
      ).toBe(404);
      expect((await callMethod(theirs)).status).toBe(404);
      expect(
        (await fixture.partner.call('GET', `/v1.0/account/connectors/${theirs}/proxy/parties`, { account }))
          .status,
      ).toBe(404);
      const events = await fixture.app.stores.audit.listForAccountConnector(theirs, 10);
      expect(events.filter((e) => e.action === 'access.other_account')).toHaveLength(3);
      expect(events[0]).toMatchObject({ accountId: account, accountConnectorId: theirs });
      const seenByOwner = await fixture.partner.call('GET', `/v1.0/account/connectors/${theirs}/events`, {
        account: other,
      });
      expect(seenByOwner.json().map((e: { Action: string }) => e.Action)).toContain('access.other_account');
    });

    it('row 48: with the audit sink refusing writes, no credential change is kept and calls fail closed', async () => {
      const id = await authenticated('Audit down');
      await expire(id);
      const before = await fixture.app.stores.connectorCredentials.readCredentials(id);
      const allow = await refuseWrites(
        fixture.app.database.db,
        fixture.app.database.dialect,
        'audit_events',
        'insert',
      );
      try {
        const response = await callMethod(id);
        expect(response.status).toBe(503);
        const supplied = await fixture.partner.call('PUT', `/v1.0/account/connectors/${id}`, {
          account,
          body: { AuthValue: JSON.stringify({ AccessToken: 'unaudited-token' }) },
        });
        expect(supplied.status).toBe(500);
      } finally {
        await allow();
      }
      const after = await fixture.app.stores.connectorCredentials.readCredentials(id);
      expect(after?.version).toBe(before?.version);
      expect(after?.credentials.refreshToken).toBe(before?.credentials.refreshToken);
      expect(after?.credentials.accessToken).not.toBe('unaudited-token');
      expect((await callMethod(id)).status).toBe(200);
    });
  });
}
