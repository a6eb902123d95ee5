import type { Kysely } from 'kysely';
import type { AccountStore } from '../../domain/accounts/account-store.ts';
import type { DatabaseSchema } from '../schema.ts';

export function sqlAccountStore(db: Kysely<DatabaseSchema>): AccountStore {
  return {
    async exists(id) {
      const row = await db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    },
  };
}
