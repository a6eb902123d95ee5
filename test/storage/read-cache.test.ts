import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/crypto/tokens.ts';
import { readNewAccount } from '../../src/partner-api/accounts/account-body.ts';
import { CHANGE_CHANNEL } from '../../src/storage/migrations/0004-hot-path.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

/** A connector setup row with placeholder client credentials and no URLs of its own. */
const setupRow = (connectorId: number, requestsPerHour: number) => ({
  connectorId,
  clientId: 'id',
  clientSecret: 'secret',
  authoriseUrl: null,
  accessTokenUrl: null,
  apiBaseUrl: null,
  scopes: null,
  tokenAuthMethod: null,
  issuer: null,
  requestsPerHour,
  updatedAt: 1,
});

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const kind of testDatabaseKinds()) {
  describe(`the hot path's read cache [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: TestPlugboard;

    beforeAll(async () => {
      database = await kind.create();
      app = await startTestPlugboard(database);
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('serves a token from memory once read, and drops it when its row changes in the database', async () => {
      await eventually(() => app.readCache.usable());
      const client = await app.services.apiClients.create('cache');
      const grant = await app.services.apiTokens.grant({
        grantType: 'client_credentials',
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        scope: undefined,
      });
      if (!grant.ok) throw new Error('no token');
      const before = app.readCache.tokens.size;
      expect(await app.services.apiTokens.verify(grant.accessToken)).toBeDefined();
      expect(app.readCache.tokens.size).toBe(before + 1);
      // Revoked behind the app's back, as another process would: the announcement drops the entry.
      await app.database.db
        .updateTable('api_tokens')
        .set({ revoked_at: Date.now() })
        .where('token_hash', '=', hashToken(grant.accessToken))
        .execute();
      await app.readCache.sync();
      await eventually(() => app.readCache.tokens.size === before);
      expect(await app.services.apiTokens.verify(grant.accessToken)).toBeUndefined();
    });

    it("sees within one call's read scope a change committed before it and the process's own writes during it", async () => {
      await eventually(() => app.readCache.usable());
      const grantFor = async (name: string) => {
        const client = await app.services.apiClients.create(name);
        const grant = await app.services.apiTokens.grant({
          grantType: 'client_credentials',
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          scope: undefined,
        });
        if (!grant.ok) throw new Error('no token');
        return { clientId: client.clientId, accessToken: grant.accessToken };
      };
      const { readCache, services } = app;
      const verify = (scope: ReturnType<typeof readCache.open>, token: string) =>
        readCache.within(scope, () => services.apiTokens.verify(token));

      const first = await grantFor('scope-before');
      expect(await verify(readCache.open(), first.accessToken)).toBeDefined();
      // Revoked behind the app's back before the call's first read: the call sees it.
      await app.database.db
        .updateTable('api_tokens')
        .set({ revoked_at: Date.now() })
        .where('token_hash', '=', hashToken(first.accessToken))
        .execute();
      await readCache.sync();
      expect(await verify(readCache.open(), first.accessToken)).toBeUndefined();

      // Revoking the API client (a store the cache does not hold) in the middle of a call.
      const second = await grantFor('scope-during');
      const call = readCache.open();
      expect(await verify(call, second.accessToken)).toBeDefined();
      await services.apiClients.revoke(second.clientId);
      expect(await verify(call, second.accessToken)).toBeUndefined();
    });

    it('sees a deleted account and a changed connector setup at once after its own writes', async () => {
      await app.services.accounts.create(readNewAccount({ Id: 'cached', Name: 'Cached' }));
      expect(await app.stores.accounts.exists('cached')).toBe(true);
      expect(await app.stores.accounts.exists('cached')).toBe(true);
      await app.services.accounts.delete('cached');
      expect(await app.stores.accounts.exists('cached')).toBe(false);
      expect(await app.stores.connectorSetups.findSummary(5801)).toBeUndefined();
      await app.stores.connectorSetups.save(setupRow(5801, 7));
      expect((await app.stores.connectorSetups.findSummary(5801))?.requestsPerHour).toBe(7);
    });

    it('drops what one statement changed in many rows, announced on PostgreSQL as one message', async () => {
      const ids = Array.from({ length: 150 }, (_, n) => `bulk-${n}`);
      for (const id of ids) await app.services.accounts.create(readNewAccount({ Id: id, Name: id }));
      await eventually(() => app.readCache.usable());
      expect(await app.stores.accounts.exists('bulk-7')).toBe(true);
      expect(await app.stores.accounts.exists('bulk-7')).toBe(true);
      const announcements: string[] = [];
      const listener =
        database.kind === 'postgres' ? new pg.Client({ connectionString: database.url }) : undefined;
      if (listener) {
        await listener.connect();
        listener.on('notification', (message) => {
          if (message.payload?.includes(' accounts ')) announcements.push(message.payload);
        });
        await listener.query(`listen ${CHANGE_CHANNEL}`);
      }
      try {
        // Behind the app's back, as another process or an operator would.
        await app.database.db.deleteFrom('accounts').where('id', 'like', 'bulk-%').execute();
        await app.readCache.sync();
        await eventually(() => app.readCache.usable());
        expect(await app.stores.accounts.exists('bulk-7')).toBe(false);
        if (listener) {
          await eventually(() => announcements.length > 0);
          expect(announcements).toHaveLength(1);
          expect(announcements[0]).toMatch(/ accounts \*$/);
          // A statement that changes a few rows still names each of them.
          await app.services.accounts.create(readNewAccount({ Id: 'few-1', Name: 'Few' }));
          await app.services.accounts.create(readNewAccount({ Id: 'few-2', Name: 'Few' }));
          announcements.length = 0;
          await app.database.db
            .updateTable('accounts')
            .set({ name: 'Fewer' })
            .where('name', '=', 'Few')
            .execute();
          await eventually(() => announcements.length === 2);
          expect(announcements.map((a) => a.split(' ')[2]).sort()).toEqual(['few-1', 'few-2']);
        }
      } finally {
        await listener?.end();
      }
    });

    it('sees the writes of many transactions committing at once, each right after its own commit', async () => {
      const ids = Array.from({ length: 20 }, (_, n) => 5900 + n);
      const save = (connectorId: number, requestsPerHour: number) =>
        app.stores.transaction(async (tx) => {
          // A store used twice in one transaction (made on first use, then kept).
          await tx.connectorSetups.findSummary(connectorId);
          await tx.connectorSetups.save(setupRow(connectorId, requestsPerHour));
        });
      await Promise.all(ids.map((id) => save(id, 1)));
      await eventually(() => app.readCache.usable());
      for (const id of ids)
        expect((await app.stores.connectorSetups.findSummary(id))?.requestsPerHour).toBe(1);
      await Promise.all(
        ids.map(async (id) => {
          await save(id, 2);
          expect((await app.stores.connectorSetups.findSummary(id))?.requestsPerHour).toBe(2);
        }),
      );
    });
  });
}
