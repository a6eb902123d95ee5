import type { Kysely } from 'kysely';
import type { SignInToken, SignInTokenStore } from '../../domain/sign-in-tokens/sign-in-token-store.ts';
import type { DatabaseSchema, SignInTokenRow } from '../schema.ts';

function toSignInToken(row: SignInTokenRow): SignInToken {
  return {
    tokenHash: row.token_hash,
    accountId: row.account_id,
    username: row.username,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    usedAt: row.used_at === null ? null : Number(row.used_at),
    launchOptions: row.launch_options ?? null,
  };
}

export function sqlSignInTokenStore(db: Kysely<DatabaseSchema>): SignInTokenStore {
  return {
    async insert(token) {
      await db
        .insertInto('sign_in_tokens')
        .values({
          token_hash: token.tokenHash,
          account_id: token.accountId,
          username: token.username,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          used_at: token.usedAt,
          launch_options: token.launchOptions,
        })
        .execute();
    },
    async consume(tokenHash, now, usedAt) {
      // The WHERE clause is the whole single-use guarantee: the row lock (PostgreSQL) or the write lock
      // (SQLite) lets exactly one concurrent UPDATE see used_at still null.
      const row = await db
        .updateTable('sign_in_tokens')
        .set({ used_at: usedAt })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      return row ? toSignInToken(row) : undefined;
    },
    async findByHash(tokenHash) {
      const row = await db
        .selectFrom('sign_in_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? toSignInToken(row) : undefined;
    },
    async deleteExpired(before, limit) {
      const result = await db
        .deleteFrom('sign_in_tokens')
        .where('token_hash', 'in', (eb) =>
          eb.selectFrom('sign_in_tokens').select('token_hash').where('expires_at', '<', before).limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
