import type { Kysely } from 'kysely';
import type { Admin, AdminStore } from '../../domain/admins/admin-store.ts';
import type { DatabaseSchema } from '../schema.ts';

type AdminRecord = {
  id: number;
  username: string;
  password_hash: string;
  created_at: number;
  failed_logins: number;
  last_failed_login_at: number | null;
};

function toAdmin(row: AdminRecord): Admin {
  return {
    id: Number(row.id),
    username: row.username,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    failedLogins: row.failed_logins,
    lastFailedLoginAt: row.last_failed_login_at,
  };
}

export function sqlAdminStore(db: Kysely<DatabaseSchema>): AdminStore {
  return {
    async insert(admin) {
      const row = await db
        .insertInto('admins')
        .values({
          username: admin.username,
          password_hash: admin.passwordHash,
          created_at: admin.createdAt,
          failed_logins: 0,
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toAdmin(row) : undefined;
    },
    async findByUsername(username) {
      const row = await db
        .selectFrom('admins')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row ? toAdmin(row) : undefined;
    },
    async count() {
      const row = await db
        .selectFrom('admins')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async recordFailedLogin(id, at) {
      await db
        .updateTable('admins')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), last_failed_login_at: at }))
        .where('id', '=', id)
        .execute();
    },
    async claimFailedLogin(id, expected, next) {
      const result = await db
        .updateTable('admins')
        .set({ failed_logins: next.failures, last_failed_login_at: next.lastFailedAt })
        .where('id', '=', id)
        .where('failed_logins', '=', expected.failures)
        .where((eb) =>
          expected.lastFailedAt === null
            ? eb('last_failed_login_at', 'is', null)
            : eb('last_failed_login_at', '=', expected.lastFailedAt),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async resetFailedLogins(id) {
      await db
        .updateTable('admins')
        .set({ failed_logins: 0, last_failed_login_at: null })
        .where('id', '=', id)
        .execute();
    },
  };
}
