import type { Kysely } from 'kysely';
import type { AccountConnectorStore } from '../../domain/account-connectors/account-connector-store.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import type { DatabaseSchema } from '../schema.ts';
import { accountConnectorPage } from './account-connector-page.sql.ts';
import { ACCOUNT_CONNECTOR_COLUMNS, toAccountConnector } from './account-connector-rows.ts';

export function sqlAccountConnectorStore(
  db: Kysely<DatabaseSchema>,
  dialect: SqlDialect,
): AccountConnectorStore {
  const scoped = (accountId: string, id: number) =>
    db
      .selectFrom('account_connectors')
      .select(ACCOUNT_CONNECTOR_COLUMNS)
      .where('account_id', '=', accountId)
      .where('id', '=', id);

  return {
    async insert(connector) {
      const row = await db
        .insertInto('account_connectors')
        .values({
          account_id: connector.accountId,
          connector_id: connector.connectorId,
          name: connector.name,
          description: connector.description,
          auth_status: 'Unauthenticated',
          credentials_version: 0,
          refresh_failures: 0,
          created_at: connector.createdAt,
          updated_at: connector.createdAt,
        })
        .returning(ACCOUNT_CONNECTOR_COLUMNS)
        .executeTakeFirstOrThrow();
      return toAccountConnector(row);
    },
    async find(accountId, id) {
      const row = await scoped(accountId, id).executeTakeFirst();
      return row ? toAccountConnector(row) : undefined;
    },
    async findById(id) {
      const row = await db
        .selectFrom('account_connectors')
        .select(ACCOUNT_CONNECTOR_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toAccountConnector(row) : undefined;
    },
    list: (accountId, page) => accountConnectorPage(db, dialect, accountId, page),
    async findIdByName(accountId, name, exceptId) {
      let query = db
        .selectFrom('account_connectors')
        .select('id')
        .where('account_id', '=', accountId)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
      if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
      return (await query.orderBy('id').executeTakeFirst())?.id;
    },
    async update(accountId, id, changes, at) {
      const set: { updated_at: number; name?: string; description?: string | null } = { updated_at: at };
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.description !== undefined) set.description = changes.description;
      await db
        .updateTable('account_connectors')
        .set(set)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute();
      const row = await scoped(accountId, id).executeTakeFirst();
      return row ? toAccountConnector(row) : undefined;
    },
    async delete(accountId, id) {
      const result = await db
        .deleteFrom('account_connectors')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async setRateLimitedUntil(id, until) {
      await db
        .updateTable('account_connectors')
        .set({ rate_limited_until: until })
        .where('id', '=', id)
        .execute();
    },
  };
}
