import type { Kysely } from 'kysely';
import type {
  AdminSessionStore,
  FailureCount,
  LoginFailureStore,
  SetupCodeStore,
} from '../../domain/admin-sessions/admin-session-store.ts';
import type { DatabaseSchema } from '../schema.ts';

export function sqlAdminSessionStore(db: Kysely<DatabaseSchema>): AdminSessionStore {
  return {
    async insert(session) {
      await db
        .insertInto('admin_sessions')
        .values({
          session_hash: session.sessionHash,
          admin_id: session.adminId,
          csrf_hash: session.csrfHash,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
        })
        .execute();
    },
    async findLive(sessionHash, now) {
      const row = await db
        .selectFrom('admin_sessions')
        .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
        .select([
          'admin_sessions.session_hash',
          'admin_sessions.admin_id',
          'admin_sessions.csrf_hash',
          'admin_sessions.created_at',
          'admin_sessions.expires_at',
          'admins.username',
        ])
        .where('admin_sessions.session_hash', '=', sessionHash)
        .where('admin_sessions.expires_at', '>', now)
        .executeTakeFirst();
      return row
        ? {
            sessionHash: row.session_hash,
            adminId: Number(row.admin_id),
            csrfHash: row.csrf_hash,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
            username: row.username,
          }
        : undefined;
    },
    async delete(sessionHash) {
      await db.deleteFrom('admin_sessions').where('session_hash', '=', sessionHash).execute();
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function sqlSetupCodeStore(db: Kysely<DatabaseSchema>): SetupCodeStore {
  return {
    async insert(code) {
      await db
        .insertInto('admin_setup_codes')
        .values({ code_hash: code.codeHash, created_at: code.createdAt, expires_at: code.expiresAt })
        .execute();
    },
    async consume(codeHash, now) {
      const live = await db
        .selectFrom('admin_setup_codes')
        .select('code_hash')
        .where('code_hash', '=', codeHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (!live) return false;
      const deleted = await db.deleteFrom('admin_setup_codes').returning('code_hash').execute();
      return deleted.some((row) => row.code_hash === codeHash);
    },
    async deleteExpired(now) {
      await db.deleteFrom('admin_setup_codes').where('expires_at', '<=', now).execute();
    },
  };
}

export function sqlLoginFailureStore(db: Kysely<DatabaseSchema>): LoginFailureStore {
  return {
    async read(subject): Promise<FailureCount> {
      const row = await db
        .selectFrom('login_failures')
        .select(['failures', 'last_failed_at'])
        .where('subject', '=', subject)
        .executeTakeFirst();
      return row
        ? { failures: row.failures, lastFailedAt: row.last_failed_at }
        : { failures: 0, lastFailedAt: null };
    },
    async claim(subject, expected, next) {
      if (next.lastFailedAt === null) throw new Error('a claimed failure needs a time');
      if (expected.lastFailedAt === null) {
        const inserted = await db
          .insertInto('login_failures')
          .values({ subject, failures: next.failures, last_failed_at: next.lastFailedAt })
          .onConflict((oc) => oc.column('subject').doNothing())
          .returning('subject')
          .executeTakeFirst();
        return inserted !== undefined;
      }
      const result = await db
        .updateTable('login_failures')
        .set({ failures: next.failures, last_failed_at: next.lastFailedAt })
        .where('subject', '=', subject)
        .where('failures', '=', expected.failures)
        .where('last_failed_at', '=', expected.lastFailedAt)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async clear(subject) {
      await db.deleteFrom('login_failures').where('subject', '=', subject).execute();
    },
    async deleteStale(before) {
      await db.deleteFrom('login_failures').where('last_failed_at', '<', before).execute();
    },
  };
}
