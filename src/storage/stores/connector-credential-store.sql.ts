import type { Kysely, Selectable } from 'kysely';
import { DecryptionError, type KeyRing } from '../../crypto/key-ring.ts';
import type { AuthStatus, ConnectorCredentials } from '../../domain/account-connectors/account-connector.ts';
import {
  type ConnectorCredentialStore,
  CredentialsUnreadableError,
} from '../../domain/account-connectors/connector-credential-store.ts';
import { sealContext } from '../encrypted-columns.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import type { AccountConnectorRow, DatabaseSchema } from '../schema.ts';
import { ACCOUNT_CONNECTOR_COLUMNS, toAccountConnector } from './account-connector-rows.ts';
import { sqlConnectorRefreshLease } from './connector-refresh-lease.sql.ts';
import { sqlConnectorRefreshOutcome, storedCredentialColumns } from './connector-refresh-outcome.sql.ts';

const tokenContext = (id: number, column: 'access_token_ct' | 'refresh_token_ct') =>
  sealContext('account_connectors', column, id);

export function sqlConnectorCredentialStore(
  db: Kysely<DatabaseSchema>,
  keyRing: KeyRing,
  dialect: SqlDialect,
): ConnectorCredentialStore {
  /** Opens a sealed token; a ciphertext no configured key opens is the domain's "unreadable". */
  const open = (id: number, column: 'access_token_ct' | 'refresh_token_ct', sealed: string): string => {
    try {
      return keyRing.open(sealed, tokenContext(id, column));
    } catch (error) {
      if (error instanceof DecryptionError) throw new CredentialsUnreadableError(id);
      throw error;
    }
  };
  /** The decrypted credentials of a row, `null` when it has none. */
  const credentialsOf = (row: Selectable<AccountConnectorRow>): ConnectorCredentials | null => {
    const id = Number(row.id);
    if (!row.access_token_ct) return null;
    return {
      accessToken: open(id, 'access_token_ct', row.access_token_ct),
      refreshToken: row.refresh_token_ct ? open(id, 'refresh_token_ct', row.refresh_token_ct) : null,
      tokenType: row.token_type ?? 'bearer',
      expiresAt: row.token_expires_at,
      refreshExpiresAt: row.refresh_expires_at,
      scope: row.token_scope,
      metadata: row.token_metadata ? (JSON.parse(row.token_metadata) as Record<string, string>) : {},
    };
  };
  return {
    async readCredentials(id) {
      const row = await db
        .selectFrom('account_connectors')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      const credentials = row ? credentialsOf(row) : null;
      return row && credentials ? { credentials, version: Number(row.credentials_version) } : undefined;
    },
    async readAccessToken(id) {
      const row = await db
        .selectFrom('account_connectors')
        .select([
          'connector_id',
          'auth_status',
          'credentials_version',
          'access_token_ct',
          'token_expires_at',
          'refresh_token_ct',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        connectorId: Number(row.connector_id),
        authStatus: row.auth_status as AuthStatus,
        version: Number(row.credentials_version),
        accessToken: row.access_token_ct ? open(id, 'access_token_ct', row.access_token_ct) : null,
        expiresAt: row.token_expires_at,
        hasRefreshToken: row.refresh_token_ct !== null,
      };
    },
    async storeCredentials(id, credentials, at, options = {}) {
      let update = db
        .updateTable('account_connectors')
        .set(storedCredentialColumns(keyRing, id, credentials, at, options))
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
          credentials_unreadable_at: null,
          next_refresh_at: null,
          updated_at: at,
        }))
        .where('id', '=', id)
        .execute();
    },

    ...sqlConnectorRefreshLease(db, credentialsOf),
    ...sqlConnectorRefreshOutcome(db, keyRing, dialect),
    async markNeedsReauthentication(id, version, error, at) {
      const result = await db
        .updateTable('account_connectors')
        .set({
          auth_status: 'NeedsReauthentication',
          last_error: error,
          last_error_at: at,
          next_refresh_at: null,
          updated_at: at,
        })
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
          next_refresh_at: blockedUntil,
          last_error: error,
          last_error_at: at,
          updated_at: at,
        }))
        .where('id', '=', id)
        .where('credentials_version', '=', version)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async dueForRefresh(query) {
      let select = db
        .selectFrom('account_connectors')
        .select([...ACCOUNT_CONNECTOR_COLUMNS, 'next_refresh_at'])
        .where('next_refresh_at', 'is not', null)
        .where('next_refresh_at', '<=', query.now);
      const after = query.after;
      if (after) {
        select = select.where((eb) =>
          eb.or([
            eb('next_refresh_at', '>', after.dueAt),
            eb.and([eb('next_refresh_at', '=', after.dueAt), eb('id', '>', after.id)]),
          ]),
        );
      }
      const rows = await select.orderBy('next_refresh_at').orderBy('id').limit(query.limit).execute();
      return rows.map((row) => ({ connector: toAccountConnector(row), dueAt: Number(row.next_refresh_at) }));
    },
    async scheduleRefresh(entries) {
      if (entries.length === 0) return;
      const write = async (trx: Kysely<DatabaseSchema>) => {
        for (const entry of entries) {
          await trx
            .updateTable('account_connectors')
            .set({ next_refresh_at: entry.nextRefreshAt })
            .where('id', '=', entry.id)
            .execute();
        }
      };
      // One transaction for the batch: one commit (one fsync) instead of one per row.
      if (db.isTransaction) await write(db);
      else await db.transaction().execute(write);
    },
    async markUnreadable(id, at) {
      const result = await db
        .updateTable('account_connectors')
        .set({ credentials_unreadable_at: at, next_refresh_at: null })
        .where('id', '=', id)
        .where('credentials_unreadable_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
