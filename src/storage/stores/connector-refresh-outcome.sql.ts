import { type Kysely, sql, type UpdateObject } from 'kysely';
import type { KeyRing } from '../../crypto/key-ring.ts';
import type { AuthStatus, ConnectorCredentials } from '../../domain/account-connectors/account-connector.ts';
import type { ConnectorCredentialStore } from '../../domain/account-connectors/connector-credential-store.ts';
import { sealContext } from '../encrypted-columns.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import type { DatabaseSchema } from '../schema.ts';
import { AUDIT_DETAIL_CHARACTERS } from './audit-store.sql.ts';

/**
 * The columns new credentials set: sealed under the row's place, the version bumped, failures and any
 * refresh lease or backoff cleared, and when the sweep should look next (default: at once).
 */
export function storedCredentialColumns(
  keyRing: KeyRing,
  id: number,
  credentials: ConnectorCredentials,
  at: number,
  options: { status?: AuthStatus; refreshed?: boolean; nextRefreshAt?: number | null },
): UpdateObject<DatabaseSchema, 'account_connectors'> {
  const seal = (column: 'access_token_ct' | 'refresh_token_ct', token: string) =>
    keyRing.seal(token, sealContext('account_connectors', column, id));
  return {
    access_token_ct: seal('access_token_ct', credentials.accessToken),
    refresh_token_ct: credentials.refreshToken ? seal('refresh_token_ct', credentials.refreshToken) : null,
    token_type: credentials.tokenType,
    token_expires_at: credentials.expiresAt,
    refresh_expires_at: credentials.refreshExpiresAt,
    token_scope: credentials.scope,
    token_metadata: JSON.stringify(credentials.metadata),
    auth_status: options.status ?? 'Authenticated',
    credentials_version: sql<number>`credentials_version + 1`,
    ...(options.refreshed ? { last_refresh_at: at } : { authenticated_at: at }),
    last_error: null,
    last_error_at: null,
    refresh_failures: 0,
    refresh_blocked_until: null,
    credentials_unreadable_at: null,
    next_refresh_at:
      options.nextRefreshAt === undefined ? (credentials.refreshToken ? at : null) : options.nextRefreshAt,
    updated_at: at,
  };
}

/**
 * A refresh's success as one write: on PostgreSQL one statement (the update, the audit entry and the
 * journal as data-modifying `with` queries, which share one snapshot and commit together), on SQLite
 * one transaction of three statements (in process, so no round trips to save).
 */
export function sqlConnectorRefreshOutcome(
  db: Kysely<DatabaseSchema>,
  keyRing: KeyRing,
  dialect: SqlDialect,
): Pick<ConnectorCredentialStore, 'storeRefreshed'> {
  return {
    async storeRefreshed(id, credentials, at, outcome) {
      const columns = storedCredentialColumns(keyRing, id, credentials, at, {
        refreshed: true,
        nextRefreshAt: outcome.nextRefreshAt,
      });
      const update = (on: Kysely<DatabaseSchema>) =>
        on
          .updateTable('account_connectors')
          .set(columns)
          .where('id', '=', id)
          .where('credentials_version', '=', outcome.expectedVersion);
      const detail = outcome.auditDetail.slice(0, AUDIT_DETAIL_CHARACTERS);
      const superseded = outcome.interruptedAttemptIds;
      if (dialect === 'postgres') {
        const row = await db
          .with('refreshed', () => update(db).returning(['id', 'account_id', 'credentials_version']))
          .with('audited', (qb) =>
            qb
              .insertInto('audit_events')
              .columns(['at', 'actor', 'action', 'account_id', 'account_connector_id', 'detail'])
              .expression((eb) =>
                eb
                  .selectFrom('refreshed')
                  .select([
                    sql<number>`${at}::bigint`.as('at'),
                    sql<string>`${outcome.actor}::text`.as('actor'),
                    sql<string>`'credentials.refreshed'`.as('action'),
                    'account_id',
                    'id',
                    sql<string>`${detail}::text`.as('detail'),
                  ]),
              ),
          )
          .with('journal', (qb) =>
            qb
              .updateTable('refresh_attempts')
              .set({
                finished_at: at,
                outcome: sql<string>`case when refresh_attempts.id <> ${outcome.attemptId}::bigint then 'superseded'
                  when exists (select 1 from refreshed) then 'refreshed' else 'lost_compare_and_set' end`,
              })
              .where((eb) =>
                superseded.length === 0
                  ? eb('id', '=', outcome.attemptId)
                  : eb.or([
                      eb('id', '=', outcome.attemptId),
                      eb.and([
                        eb('id', 'in', superseded),
                        eb.exists(eb.selectFrom('refreshed').select('id')),
                      ]),
                    ]),
              ),
          )
          .selectFrom('refreshed')
          .select('credentials_version')
          .executeTakeFirst();
        return row ? Number(row.credentials_version) : null;
      }
      const write = async (tx: Kysely<DatabaseSchema>) => {
        const row = await update(tx).returning(['account_id', 'credentials_version']).executeTakeFirst();
        const finish = (ids: readonly number[], result: string) =>
          tx
            .updateTable('refresh_attempts')
            .set({ finished_at: at, outcome: result })
            .where('id', 'in', ids)
            .execute();
        if (!row) {
          await finish([outcome.attemptId], 'lost_compare_and_set');
          return null;
        }
        await tx
          .insertInto('audit_events')
          .values({
            at,
            actor: outcome.actor,
            action: 'credentials.refreshed',
            account_id: row.account_id,
            account_connector_id: id,
            detail,
          })
          .execute();
        await finish([outcome.attemptId], 'refreshed');
        if (superseded.length > 0) await finish(superseded, 'superseded');
        return Number(row.credentials_version);
      };
      return db.isTransaction ? write(db) : db.transaction().execute(write);
    },
  };
}
