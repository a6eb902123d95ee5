import type { Kysely } from 'kysely';
import { type SqlDialect, withSerialId } from './column-types.ts';

/**
 * Webhooks in and events out.
 *
 * In: `inbound_hooks` are the URLs Plugboard hands out (`{PUBLIC_URL}/webhooks/{token}`): only a SHA-256
 * of the token is kept. `inbound_deliveries` keep each raw body until it is processed (and after, for
 * the log); `inbound_item_keys` remember the items already routed so a repeated one is dropped.
 *
 * Out: `webhook_endpoints` are the partner's receivers (the signing secret sealed), `partner_events`
 * the outbox, `event_deliveries` one row per event and target with its place (`seq`) in an ordered
 * stream, `event_streams` the last sequence number of each stream, `delivery_attempts` the log.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await withSerialId(db.schema.createTable('inbound_hooks'), dialect)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('account_connector_id', 'bigint', (c) =>
      c.references('account_connectors.id').onDelete('cascade'),
    )
    .addColumn('cycle_id', 'text')
    .addColumn('event', 'text')
    .addColumn('provider_hook_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inbound_hooks_connector')
    .on('inbound_hooks')
    .columns(['account_connector_id', 'event'])
    .execute();
  await db.schema.createIndex('inbound_hooks_cycle').on('inbound_hooks').column('cycle_id').execute();

  await withSerialId(db.schema.createTable('inbound_deliveries'), dialect)
    .addColumn('hook_id', 'bigint', (c) => c.notNull().references('inbound_hooks.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('items', 'integer')
    .addColumn('duplicates', 'integer')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('processed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('inbound_deliveries_hook')
    .on('inbound_deliveries')
    .columns(['hook_id', 'received_at'])
    .execute();

  await db.schema
    .createTable('inbound_item_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_item_keys_pk', ['scope', 'item_key'])
    .execute();
  await db.schema.createIndex('inbound_item_keys_age').on('inbound_item_keys').column('created_at').execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('secret_ct', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await withSerialId(db.schema.createTable('partner_events'), dialect)
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('account_connector_id', 'bigint')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('partner_events_time')
    .on('partner_events')
    .columns(['occurred_at', 'id'])
    .execute();

  await db.schema
    .createTable('event_streams')
    .addColumn('stream', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();

  await withSerialId(db.schema.createTable('event_deliveries'), dialect)
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('partner_events.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('target_url', 'text')
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('first_attempt_at', 'bigint')
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('event_deliveries_stream')
    .on('event_deliveries')
    .columns(['stream', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createIndex('event_deliveries_endpoint')
    .on('event_deliveries')
    .columns(['endpoint_id', 'id'])
    .execute();

  await withSerialId(db.schema.createTable('delivery_attempts'), dialect)
    .addColumn('delivery_id', 'bigint', (c) =>
      c.notNull().references('event_deliveries.id').onDelete('cascade'),
    )
    .addColumn('attempted_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('delivery_attempts_delivery')
    .on('delivery_attempts')
    .column('delivery_id')
    .execute();
}
