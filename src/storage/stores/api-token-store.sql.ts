import type { Kysely } from 'kysely';
import type { ApiToken, ApiTokenStore } from '../../domain/api-tokens/api-token-store.ts';
import type { ApiTokenRow, DatabaseSchema } from '../schema.ts';

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    tokenHash: row.token_hash,
    clientId: row.client_id,
    accountId: row.account_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export function sqlApiTokenStore(db: Kysely<DatabaseSchema>): ApiTokenStore {
  return {
    async insert(token) {
      await db
        .insertInto('api_tokens')
        .values({
          token_hash: token.tokenHash,
          client_id: token.clientId,
          account_id: token.accountId,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          revoked_at: token.revokedAt,
        })
        .execute();
    },
    async findLive(tokenHash, now) {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('api_clients', 'api_clients.id', 'api_tokens.client_id')
        .selectAll('api_tokens')
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .where('api_tokens.expires_at', '>', now)
        .where('api_clients.revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? toApiToken(row) : undefined;
    },
    async revoke(tokenHash, at) {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async revokeForAccount(accountId, at) {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
