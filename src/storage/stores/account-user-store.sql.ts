import type { Kysely } from 'kysely';
import type { AccountUserStore } from '../../domain/accounts/account-user-store.ts';
import type { DatabaseSchema } from '../schema.ts';

export function sqlAccountUserStore(db: Kysely<DatabaseSchema>): AccountUserStore {
  return {
    async ensure(user) {
      const row = await db
        .insertInto('account_users')
        .values({ account_id: user.accountId, username: user.username, created_at: user.createdAt })
        .onConflict((oc) => oc.columns(['account_id', 'username']).doNothing())
        .returning('username')
        .executeTakeFirst();
      return row !== undefined;
    },
    async remove(accountId, username) {
      const result = await db
        .deleteFrom('account_users')
        .where('account_id', '=', accountId)
        .where('username', '=', username)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async exists(accountId, username) {
      const row = await db
        .selectFrom('account_users')
        .select('username')
        .where('account_id', '=', accountId)
        .where('username', '=', username)
        .executeTakeFirst();
      return row !== undefined;
    },
    async list(accountId, page) {
      const rows = await db
        .selectFrom('account_users')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('username')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      const count = await db
        .selectFrom('account_users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return {
        items: rows.map((r) => ({
          accountId: r.account_id,
          username: r.username,
          createdAt: Number(r.created_at),
        })),
        total: Number(count.n),
      };
    },
  };
}
