import type { Kysely, Selectable } from 'kysely';
import type { ConnectorCredentials } from '../../domain/account-connectors/account-connector.ts';
import type { ConnectorCredentialStore } from '../../domain/account-connectors/connector-credential-store.ts';
import type { AccountConnectorRow, DatabaseSchema } from '../schema.ts';
import { toAccountConnector } from './account-connector-rows.ts';

type RefreshLeaseMethods = Pick<
  ConnectorCredentialStore,
  'beginRefresh' | 'renewRefreshLease' | 'releaseRefreshLease'
>;

/**
 * The refresh lease, held on the connection's own row: while a refresh runs the row is `Refreshing`
 * and `refresh_blocked_until` is when the lease expires (no refresh starts before it, as after a
 * failure no refresh starts before the backoff ends). That value is the holder's fence: renewing or
 * giving the lease back matches it, and a takeover (only once it has passed) always sets a later one.
 * The outcome's write (new credentials, a failure's backoff, re-authentication) ends the lease with it.
 */
export function sqlConnectorRefreshLease(
  db: Kysely<DatabaseSchema>,
  credentialsOf: (row: Selectable<AccountConnectorRow>) => ConnectorCredentials | null,
): RefreshLeaseMethods {
  const notLeased = (at: number) =>
    db
      .updateTable('account_connectors')
      .where((eb) => eb.or([eb('refresh_blocked_until', 'is', null), eb('refresh_blocked_until', '<=', at)]));
  /** The row while this holder's lease (`leaseUntil`, on credentials `version`) is still on it. */
  const heldLease = (id: number, version: number, leaseUntil: number) =>
    db
      .updateTable('account_connectors')
      .where('id', '=', id)
      .where('credentials_version', '=', version)
      .where('auth_status', '=', 'Refreshing')
      .where('refresh_blocked_until', '=', leaseUntil);
  return {
    async beginRefresh(id, version, at, leaseUntil) {
      // One statement in the usual case: the claim, the lease, and the row with its credentials.
      const claimedRow = await notLeased(at)
        .set({ auth_status: 'Refreshing', updated_at: at, refresh_blocked_until: leaseUntil })
        .where('id', '=', id)
        .where('credentials_version', '=', version)
        .where('auth_status', 'in', ['Authenticated', 'Degraded'])
        .where('refresh_token_ct', 'is not', null)
        .returningAll()
        .executeTakeFirst();
      let row = claimedRow;
      let leased = claimedRow !== undefined;
      if (!row) {
        row = await db.selectFrom('account_connectors').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) return undefined;
        const lapsed = row.refresh_blocked_until === null || row.refresh_blocked_until <= at;
        if (row.auth_status === 'Refreshing' && Number(row.credentials_version) === version && lapsed) {
          // A refresh of this version that nobody holds any more (its process died): take it over.
          const takenOver = await notLeased(at)
            .set({ refresh_blocked_until: leaseUntil })
            .where('id', '=', id)
            .where('credentials_version', '=', version)
            .where('auth_status', '=', 'Refreshing')
            .returningAll()
            .executeTakeFirst();
          if (takenOver) {
            row = takenOver;
            leased = true;
          }
        }
      }
      let credentials: ConnectorCredentials | null;
      try {
        credentials = credentialsOf(row);
      } catch (error) {
        // Nothing will be refreshed: the lease ends, and a status this call claimed comes back (a
        // failure count means Degraded).
        if (leased)
          await db
            .updateTable('account_connectors')
            .set((eb) => ({
              refresh_blocked_until: null,
              ...(claimedRow
                ? {
                    auth_status: eb
                      .case()
                      .when('refresh_failures', '>', 0)
                      .then('Degraded')
                      .else('Authenticated')
                      .end(),
                  }
                : {}),
            }))
            .where('id', '=', id)
            .where('credentials_version', '=', version)
            .where('auth_status', '=', 'Refreshing')
            .where('refresh_blocked_until', '=', leaseUntil)
            .execute();
        throw error;
      }
      return {
        connector: toAccountConnector(row),
        credentials,
        version: Number(row.credentials_version),
        claimed: claimedRow !== undefined,
        leaseUntil: leased ? leaseUntil : null,
      };
    },
    async renewRefreshLease(id, version, leaseUntil, renewedUntil) {
      const result = await heldLease(id, version, leaseUntil)
        .set({ refresh_blocked_until: renewedUntil })
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async releaseRefreshLease(id, version, leaseUntil) {
      await heldLease(id, version, leaseUntil).set({ refresh_blocked_until: null }).execute();
    },
  };
}
