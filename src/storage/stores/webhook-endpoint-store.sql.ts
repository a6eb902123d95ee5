import type { Kysely, Selectable } from 'kysely';
import type { KeyRing } from '../../crypto/key-ring.ts';
import type {
  WebhookEndpoint,
  WebhookEndpointStore,
} from '../../domain/partner-events/partner-event-store.ts';
import { sealContext } from '../encrypted-columns.ts';
import type { DatabaseSchema } from '../schema.ts';
import type { WebhookEndpointRow } from '../schema-webhooks.ts';

const secretContext = (id: string) => sealContext('webhook_endpoints', 'secret_ct', id);

function toEndpoint(row: Selectable<WebhookEndpointRow>): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: JSON.parse(row.event_types) as string[],
    enabled: Number(row.enabled) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Partner event endpoints; the signing secret is sealed with the row's id in its AAD. */
export function sqlWebhookEndpointStore(db: Kysely<DatabaseSchema>, keyRing: KeyRing): WebhookEndpointStore {
  return {
    async insert(endpoint, secret) {
      await db
        .insertInto('webhook_endpoints')
        .values({
          id: endpoint.id,
          url: endpoint.url,
          description: endpoint.description,
          event_types: JSON.stringify(endpoint.eventTypes),
          enabled: endpoint.enabled ? 1 : 0,
          secret_ct: keyRing.seal(secret, secretContext(endpoint.id)),
          created_at: endpoint.createdAt,
          updated_at: endpoint.updatedAt,
        })
        .execute();
    },
    async update(id, changes, at) {
      const result = await db
        .updateTable('webhook_endpoints')
        .set({
          updated_at: at,
          ...(changes.url === undefined ? {} : { url: changes.url }),
          ...(changes.description === undefined ? {} : { description: changes.description }),
          ...(changes.eventTypes === undefined ? {} : { event_types: JSON.stringify(changes.eventTypes) }),
          ...(changes.enabled === undefined ? {} : { enabled: changes.enabled ? 1 : 0 }),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async replaceSecret(id, secret, at) {
      const result = await db
        .updateTable('webhook_endpoints')
        .set({ secret_ct: keyRing.seal(secret, secretContext(id)), updated_at: at })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async delete(id) {
      const result = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async find(id) {
      const row = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toEndpoint(row) : undefined;
    },
    async list() {
      const rows = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toEndpoint);
    },
    async secret(id) {
      const row = await db
        .selectFrom('webhook_endpoints')
        .select('secret_ct')
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? keyRing.open(row.secret_ct, secretContext(id)) : undefined;
    },
  };
}
