import type { Kysely } from 'kysely';
import type {
  AccountSession,
  AccountSessionStore,
} from '../../domain/account-sessions/account-session-store.ts';
import type { AccountSessionRow, DatabaseSchema } from '../schema.ts';

function toSession(row: AccountSessionRow): AccountSession {
  return {
    sessionHash: row.session_hash,
    accountId: row.account_id,
    username: row.username,
    csrfHash: row.csrf_hash,
    launchOptions: row.launch_options ?? null,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}

export function sqlAccountSessionStore(db: Kysely<DatabaseSchema>): AccountSessionStore {
  return {
    async insert(session) {
      await db
        .insertInto('account_sessions')
        .values({
          session_hash: session.sessionHash,
          account_id: session.accountId,
          username: session.username,
          csrf_hash: session.csrfHash,
          launch_options: session.launchOptions,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
        })
        .execute();
    },
    async findLive(sessionHash, now) {
      const row = await db
        .selectFrom('account_sessions')
        .selectAll()
        .where('session_hash', '=', sessionHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row ? toSession(row) : undefined;
    },
    async delete(sessionHash) {
      await db.deleteFrom('account_sessions').where('session_hash', '=', sessionHash).execute();
    },
    async deleteExpired(now, limit) {
      const result = await db
        .deleteFrom('account_sessions')
        .where('session_hash', 'in', (eb) =>
          eb
            .selectFrom('account_sessions')
            .select('session_hash')
            .where('expires_at', '<=', now)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
