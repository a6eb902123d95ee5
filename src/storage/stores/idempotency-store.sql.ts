import { type Kysely, sql } from 'kysely';
import type { KeyRing } from '../../crypto/key-ring.ts';
import type { IdempotencyStore, StoredResponse } from '../../domain/idempotency/idempotency-store.ts';
import { sealContext } from '../encrypted-columns.ts';
import type { DatabaseSchema } from '../schema.ts';

const responseContext = (clientKey: string, key: string) =>
  sealContext('idempotency_keys', 'response_ct', clientKey, key);

export function sqlIdempotencyStore(db: Kysely<DatabaseSchema>, keyRing: KeyRing): IdempotencyStore {
  return {
    async claim(clientKey, key, requestHash, at) {
      const row = await db
        .insertInto('idempotency_keys')
        .values({ client_id: clientKey, key, request_hash: requestHash, created_at: at })
        .onConflict((oc) => oc.columns(['client_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      return row !== undefined;
    },
    async find(clientKey, key) {
      const row = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('client_id', '=', clientKey)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return undefined;
      const response =
        row.response_ct === null
          ? null
          : (JSON.parse(keyRing.open(row.response_ct, responseContext(clientKey, key))) as StoredResponse);
      return {
        clientKey,
        key,
        requestHash: row.request_hash,
        createdAt: Number(row.created_at),
        response,
      };
    },
    async complete(clientKey, key, response, at) {
      await db
        .updateTable('idempotency_keys')
        .set({
          status_code: response.statusCode,
          response_ct: keyRing.seal(JSON.stringify(response), responseContext(clientKey, key)),
          completed_at: at,
        })
        .where('client_id', '=', clientKey)
        .where('key', '=', key)
        .execute();
    },
    async remove(clientKey, key, createdAt) {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where('client_id', '=', clientKey)
        .where('key', '=', key)
        .where('created_at', '=', createdAt)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async deleteCreatedBefore(before, limit) {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where(
          sql<boolean>`(client_id, key) in (select client_id, key from idempotency_keys where created_at < ${before} limit ${limit})`,
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
