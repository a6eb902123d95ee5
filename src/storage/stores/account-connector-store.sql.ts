import type { Kysely, Selectable } from 'kysely';
import type { AccountConnector, AuthStatus } from '../../domain/account-connectors/account-connector.ts';
import type { AccountConnectorStore } from '../../domain/account-connectors/account-connector-store.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import type { AccountConnectorRow, DatabaseSchema } from '../schema.ts';
import { accountConnectorPage } from './account-connector-page.sql.ts';

type Row = Pick<Selectable<AccountConnectorRow>, (typeof ACCOUNT_CONNECTOR_COLUMNS)[number]>;

export function toAccountConnector(row: Row): AccountConnector {
  return {
    id: Number(row.id),
    accountId: row.account_id,
    connectorId: Number(row.connector_id),
    name: row.name,
    description: row.description,
    authStatus: row.auth_status as AuthStatus,
    credentialsVersion: Number(row.credentials_version),
    tokenExpiresAt: row.token_expires_at,
    authenticatedAt: row.authenticated_at,
    lastRefreshAt: row.last_refresh_at,
    lastUsedAt: row.last_used_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    refreshFailures: Number(row.refresh_failures),
    refreshBlockedUntil: row.refresh_blocked_until,
    rateLimitedUntil: row.rate_limited_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns an account connector's view needs: never the sealed tokens. */
export const ACCOUNT_CONNECTOR_COLUMNS = [
  'id',
  'account_id',
  'connector_id',
  'name',
  'description',
  'auth_status',
  'credentials_version',
  'token_expires_at',
  'authenticated_at',
  'last_refresh_at',
  'last_used_at',
  'last_error',
  'last_error_at',
  'refresh_failures',
  'refresh_blocked_until',
  'rate_limited_until',
  'created_at',
  'updated_at',
] as const;

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
