import type { Kysely } from 'kysely';
import type { RefreshAttemptStore } from '../../domain/token-refresh/refresh-attempt-store.ts';
import type { DatabaseSchema } from '../schema.ts';

export function sqlRefreshAttemptStore(db: Kysely<DatabaseSchema>): RefreshAttemptStore {
  return {
    async open(attempt) {
      const row = await db
        .insertInto('refresh_attempts')
        .values({
          account_connector_id: attempt.accountConnectorId,
          credentials_version: attempt.credentialsVersion,
          refresh_token_hash: attempt.refreshTokenHash,
          holder: attempt.holder,
          started_at: attempt.startedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async finish(id, outcome, at) {
      await db
        .updateTable('refresh_attempts')
        .set({ finished_at: at, outcome })
        .where('id', '=', id)
        .execute();
    },
    async unfinished(accountConnectorId, credentialsVersion) {
      const rows = await db
        .selectFrom('refresh_attempts')
        .select(['id', 'holder', 'started_at'])
        .where('account_connector_id', '=', accountConnectorId)
        .where('credentials_version', '=', credentialsVersion)
        .where('finished_at', 'is', null)
        .execute();
      return rows.map((r) => ({ id: Number(r.id), holder: r.holder, startedAt: r.started_at }));
    },
    async list(accountConnectorId) {
      const rows = await db
        .selectFrom('refresh_attempts')
        .select(['id', 'credentials_version', 'holder', 'outcome'])
        .where('account_connector_id', '=', accountConnectorId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        credentialsVersion: Number(r.credentials_version),
        holder: r.holder,
        outcome: r.outcome,
      }));
    },
  };
}
