import type { Kysely, Selectable } from 'kysely';
import type { KeyRing } from '../../crypto/key-ring.ts';
import type {
  AccountConnector,
  AccountConnectorProperty,
  AuthStatus,
  ConnectorCredentials,
} from '../../domain/account-connectors/account-connector.ts';
import type { AccountConnectorStore } from '../../domain/account-connectors/account-connector-store.ts';
import { sealContext } from '../encrypted-columns.ts';
import type { AccountConnectorPropertyRow, AccountConnectorRow, DatabaseSchema } from '../schema.ts';

type Row = Selectable<AccountConnectorRow>;

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

function toProperty(row: Selectable<AccountConnectorPropertyRow>): AccountConnectorProperty {
  return {
    id: Number(row.id),
    accountConnectorId: Number(row.account_connector_id),
    name: row.name,
    value: row.value,
  };
}

const tokenContext = (id: number, column: 'access_token_ct' | 'refresh_token_ct') =>
  sealContext('account_connectors', column, id);

export function sqlAccountConnectorStore(
  db: Kysely<DatabaseSchema>,
  keyRing: KeyRing,
): AccountConnectorStore {
  const scoped = (accountId: string, id: number) =>
    db.selectFrom('account_connectors').selectAll().where('account_id', '=', accountId).where('id', '=', id);

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
        .returningAll()
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
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toAccountConnector(row) : undefined;
    },
    async list(accountId, page) {
      const rows = await db
        .selectFrom('account_connectors')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('id')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      const count = await db
        .selectFrom('account_connectors')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return { items: rows.map(toAccountConnector), total: Number(count.n) };
    },
    async nameTaken(accountId, name, exceptId) {
      let query = db
        .selectFrom('account_connectors')
        .select('id')
        .where('account_id', '=', accountId)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
      if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },
    async update(accountId, id, changes, at) {
      const set: Partial<Row> = { updated_at: at };
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

    async readCredentials(id) {
      const row = await db
        .selectFrom('account_connectors')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row?.access_token_ct) return undefined;
      const credentials: ConnectorCredentials = {
        accessToken: keyRing.open(row.access_token_ct, tokenContext(id, 'access_token_ct')),
        refreshToken: row.refresh_token_ct
          ? keyRing.open(row.refresh_token_ct, tokenContext(id, 'refresh_token_ct'))
          : null,
        tokenType: row.token_type ?? 'bearer',
        expiresAt: row.token_expires_at,
        refreshExpiresAt: row.refresh_expires_at,
        scope: row.token_scope,
        metadata: row.token_metadata ? (JSON.parse(row.token_metadata) as Record<string, string>) : {},
      };
      return { credentials, version: Number(row.credentials_version) };
    },
    async storeCredentials(id, credentials, at, options = {}) {
      let update = db
        .updateTable('account_connectors')
        .set((eb) => ({
          access_token_ct: keyRing.seal(credentials.accessToken, tokenContext(id, 'access_token_ct')),
          refresh_token_ct: credentials.refreshToken
            ? keyRing.seal(credentials.refreshToken, tokenContext(id, 'refresh_token_ct'))
            : null,
          token_type: credentials.tokenType,
          token_expires_at: credentials.expiresAt,
          refresh_expires_at: credentials.refreshExpiresAt,
          token_scope: credentials.scope,
          token_metadata: JSON.stringify(credentials.metadata),
          auth_status: options.status ?? 'Authenticated',
          credentials_version: eb('credentials_version', '+', 1),
          ...(options.refreshed ? { last_refresh_at: at } : { authenticated_at: at }),
          last_error: null,
          last_error_at: null,
          refresh_failures: 0,
          refresh_blocked_until: null,
          updated_at: at,
        }))
        .where('id', '=', id);
      if (options.expectedVersion !== undefined)
        update = update.where('credentials_version', '=', options.expectedVersion);
      const row = await update.returning('credentials_version').executeTakeFirst();
      return row ? Number(row.credentials_version) : null;
    },
    async clearCredentials(id, at) {
      await db
        .updateTable('account_connectors')
        .set((eb) => ({
          access_token_ct: null,
          refresh_token_ct: null,
          token_type: null,
          token_expires_at: null,
          refresh_expires_at: null,
          token_scope: null,
          token_metadata: null,
          auth_status: 'Unauthenticated',
          credentials_version: eb('credentials_version', '+', 1),
          authenticated_at: null,
          refresh_failures: 0,
          refresh_blocked_until: null,
          updated_at: at,
        }))
        .where('id', '=', id)
        .execute();
    },

    async markRefreshing(id, version, at) {
      await db
        .updateTable('account_connectors')
        .set({ auth_status: 'Refreshing', updated_at: at })
        .where('id', '=', id)
        .where('credentials_version', '=', version)
        .where('auth_status', 'in', ['Authenticated', 'Degraded'])
        .execute();
    },
    async markNeedsReauthentication(id, version, error, at) {
      const result = await db
        .updateTable('account_connectors')
        .set({ auth_status: 'NeedsReauthentication', last_error: error, last_error_at: at, updated_at: at })
        .where('id', '=', id)
        .where('credentials_version', '=', version)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async recordRefreshFailure(id, version, error, blockedUntil, at) {
      const result = await db
        .updateTable('account_connectors')
        .set((eb) => ({
          auth_status: 'Degraded',
          refresh_failures: eb('refresh_failures', '+', 1),
          refresh_blocked_until: blockedUntil,
          last_error: error,
          last_error_at: at,
          updated_at: at,
        }))
        .where('id', '=', id)
        .where('credentials_version', '=', version)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async setRateLimitedUntil(id, until) {
      await db
        .updateTable('account_connectors')
        .set({ rate_limited_until: until })
        .where('id', '=', id)
        .execute();
    },
    async dueForRefresh(query) {
      const rows = await db
        .selectFrom('account_connectors')
        .selectAll()
        .where('id', '>', query.afterId)
        .where('refresh_token_ct', 'is not', null)
        .where('auth_status', 'in', ['Authenticated', 'Degraded', 'Refreshing'])
        .where((eb) =>
          eb.or([eb('refresh_blocked_until', 'is', null), eb('refresh_blocked_until', '<=', query.now)]),
        )
        .where((eb) =>
          eb.or([
            eb('token_expires_at', '<', query.expiringBefore),
            eb(eb.fn.coalesce('last_refresh_at', 'authenticated_at', 'created_at'), '<', query.idleSince),
          ]),
        )
        .orderBy('id')
        .limit(query.limit)
        .execute();
      return rows.map(toAccountConnector);
    },

    async listProperties(accountConnectorId, order) {
      const rows = await db
        .selectFrom('account_connector_properties')
        .selectAll()
        .where('account_connector_id', '=', accountConnectorId)
        .orderBy(order.by === 'Name' ? 'name' : 'id', order.ascending ? 'asc' : 'desc')
        .execute();
      return rows.map(toProperty);
    },
    async findProperty(accountConnectorId, propertyId) {
      const row = await db
        .selectFrom('account_connector_properties')
        .selectAll()
        .where('account_connector_id', '=', accountConnectorId)
        .where('id', '=', propertyId)
        .executeTakeFirst();
      return row ? toProperty(row) : undefined;
    },
    async insertProperty(accountConnectorId, name, value, at) {
      const row = await db
        .insertInto('account_connector_properties')
        .values({ account_connector_id: accountConnectorId, name, value, created_at: at })
        .onConflict((oc) => oc.columns(['account_connector_id', 'name']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toProperty(row) : undefined;
    },
    async updateProperty(accountConnectorId, propertyId, value) {
      const row = await db
        .updateTable('account_connector_properties')
        .set({ value })
        .where('account_connector_id', '=', accountConnectorId)
        .where('id', '=', propertyId)
        .returningAll()
        .executeTakeFirst();
      return row ? toProperty(row) : undefined;
    },
    async deleteProperty(accountConnectorId, propertyId) {
      const result = await db
        .deleteFrom('account_connector_properties')
        .where('account_connector_id', '=', accountConnectorId)
        .where('id', '=', propertyId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
