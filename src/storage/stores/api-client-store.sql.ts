import type { Kysely } from 'kysely';
import type { ApiClient, ApiClientStore } from '../../domain/api-clients/api-client-store.ts';
import type { ApiClientRow, DatabaseSchema } from '../schema.ts';

function toApiClient(row: ApiClientRow): ApiClient {
  return {
    id: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export function sqlApiClientStore(db: Kysely<DatabaseSchema>): ApiClientStore {
  return {
    async insert(client) {
      await db
        .insertInto('api_clients')
        .values({
          id: client.id,
          name: client.name,
          secret_hash: client.secretHash,
          created_at: client.createdAt,
          revoked_at: client.revokedAt,
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toApiClient(row) : undefined;
    },
    async list() {
      const rows = await db
        .selectFrom('api_clients')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toApiClient);
    },
    async revoke(id, at) {
      const result = await db
        .updateTable('api_clients')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) {
        const exists = await db
          .selectFrom('api_clients')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!exists) return false;
      }
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('client_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return true;
    },
  };
}
