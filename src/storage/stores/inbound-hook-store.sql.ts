import type { Kysely, Selectable } from 'kysely';
import type {
  InboundDelivery,
  InboundDeliveryStatus,
  InboundHook,
  InboundHookKind,
  InboundHookStatus,
  InboundHookStore,
} from '../../domain/inbound-webhooks/inbound-hook-store.ts';
import type { DatabaseSchema } from '../schema.ts';
import type { InboundDeliveryRow, InboundHookRow } from '../schema-webhooks.ts';

const num = (value: number | null) => (value === null ? null : Number(value));

function toHook(row: Selectable<InboundHookRow>): InboundHook {
  return {
    id: Number(row.id),
    kind: row.kind as InboundHookKind,
    accountId: row.account_id,
    accountConnectorId: num(row.account_connector_id),
    cycleId: row.cycle_id,
    event: row.event,
    providerHookId: row.provider_hook_id,
    status: row.status as InboundHookStatus,
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toDelivery(row: Selectable<InboundDeliveryRow>): InboundDelivery {
  return {
    id: Number(row.id),
    hookId: Number(row.hook_id),
    accountId: row.account_id,
    receivedAt: Number(row.received_at),
    contentType: row.content_type,
    body: row.body,
    status: row.status as InboundDeliveryStatus,
    items: num(row.items),
    duplicates: num(row.duplicates),
    attempts: Number(row.attempts),
    lastError: row.last_error,
    processedAt: num(row.processed_at),
  };
}

/** Inbound hooks (by token hash), their stored deliveries and the keys of items already routed. */
export function sqlInboundHookStore(db: Kysely<DatabaseSchema>): InboundHookStore {
  return {
    async insertHook(hook, tokenHash) {
      const row = await db
        .insertInto('inbound_hooks')
        .values({
          token_hash: tokenHash,
          kind: hook.kind,
          account_id: hook.accountId,
          account_connector_id: hook.accountConnectorId,
          cycle_id: hook.cycleId,
          event: hook.event,
          provider_hook_id: hook.providerHookId,
          status: hook.status,
          last_error: hook.lastError,
          created_at: hook.createdAt,
          updated_at: hook.createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toHook(row);
    },
    async findHook(id) {
      const row = await db.selectFrom('inbound_hooks').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toHook(row) : undefined;
    },
    async findHookByTokenHash(tokenHash) {
      const row = await db
        .selectFrom('inbound_hooks')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? toHook(row) : undefined;
    },
    async hooksOfConnector(accountConnectorId, statuses) {
      if (statuses.length === 0) return [];
      const rows = await db
        .selectFrom('inbound_hooks')
        .selectAll()
        .where('account_connector_id', '=', accountConnectorId)
        .where('kind', '=', 'connector')
        .where('status', 'in', [...statuses])
        .orderBy('id')
        .execute();
      return rows.map(toHook);
    },
    async hooksOfCycle(cycleId, statuses) {
      if (statuses.length === 0) return [];
      const rows = await db
        .selectFrom('inbound_hooks')
        .selectAll()
        .where('cycle_id', '=', cycleId)
        .where('kind', '=', 'generic')
        .where('status', 'in', [...statuses])
        .orderBy('id')
        .execute();
      return rows.map(toHook);
    },
    async updateHook(id, changes, at) {
      const result = await db
        .updateTable('inbound_hooks')
        .set({
          updated_at: at,
          ...(changes.status === undefined ? {} : { status: changes.status }),
          ...(changes.providerHookId === undefined ? {} : { provider_hook_id: changes.providerHookId }),
          ...(changes.lastError === undefined ? {} : { last_error: changes.lastError }),
          ...(changes.tokenHash === undefined ? {} : { token_hash: changes.tokenHash }),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async insertDelivery(delivery) {
      const row = await db
        .insertInto('inbound_deliveries')
        .values({
          hook_id: delivery.hookId,
          account_id: delivery.accountId,
          received_at: delivery.receivedAt,
          content_type: delivery.contentType,
          body: delivery.body,
          status: delivery.status,
          attempts: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async findDelivery(id) {
      const row = await db
        .selectFrom('inbound_deliveries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },
    async updateDelivery(id, update) {
      await db
        .updateTable('inbound_deliveries')
        .set({
          status: update.status,
          ...(update.items === undefined ? {} : { items: update.items }),
          ...(update.duplicates === undefined ? {} : { duplicates: update.duplicates }),
          ...(update.attempts === undefined ? {} : { attempts: update.attempts }),
          ...(update.lastError === undefined ? {} : { last_error: update.lastError }),
          ...(update.processedAt === undefined ? {} : { processed_at: update.processedAt }),
        })
        .where('id', '=', id)
        .execute();
    },
    async listDeliveries(hookId, limit) {
      const rows = await db
        .selectFrom('inbound_deliveries')
        .selectAll()
        .where('hook_id', '=', hookId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
    async rememberItem(scope, key, at) {
      const result = await db
        .insertInto('inbound_item_keys')
        .values({ scope, item_key: key, created_at: at })
        .onConflict((oc) => oc.columns(['scope', 'item_key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async callableConnectionIds(connectorIds, afterId, limit) {
      if (connectorIds.length === 0) return [];
      const rows = await db
        .selectFrom('account_connectors')
        .select('id')
        .where('connector_id', 'in', [...connectorIds])
        .where('auth_status', 'in', ['Authenticated', 'Refreshing', 'Degraded'])
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => Number(row.id));
    },
    async forgetItemsBefore(before) {
      const result = await db
        .deleteFrom('inbound_item_keys')
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
