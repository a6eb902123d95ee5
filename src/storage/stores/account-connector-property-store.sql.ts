import type { Kysely, Selectable } from 'kysely';
import type { AccountConnectorProperty } from '../../domain/account-connectors/account-connector.ts';
import type { AccountConnectorPropertyStore } from '../../domain/account-connectors/account-connector-property-store.ts';
import type { AccountConnectorPropertyRow, DatabaseSchema } from '../schema.ts';

function toProperty(row: Selectable<AccountConnectorPropertyRow>): AccountConnectorProperty {
  return {
    id: Number(row.id),
    accountConnectorId: Number(row.account_connector_id),
    name: row.name,
    value: row.value,
  };
}

export function sqlAccountConnectorPropertyStore(db: Kysely<DatabaseSchema>): AccountConnectorPropertyStore {
  return {
    async list(accountConnectorId, order) {
      const rows = await db
        .selectFrom('account_connector_properties')
        .selectAll()
        .where('account_connector_id', '=', accountConnectorId)
        .orderBy(order.by === 'Name' ? 'name' : 'id', order.ascending ? 'asc' : 'desc')
        .execute();
      return rows.map(toProperty);
    },
    async find(accountConnectorId, propertyId) {
      const row = await db
        .selectFrom('account_connector_properties')
        .selectAll()
        .where('account_connector_id', '=', accountConnectorId)
        .where('id', '=', propertyId)
        .executeTakeFirst();
      return row ? toProperty(row) : undefined;
    },
    async insert(accountConnectorId, name, value, at) {
      const row = await db
        .insertInto('account_connector_properties')
        .values({ account_connector_id: accountConnectorId, name, value, created_at: at })
        .onConflict((oc) => oc.columns(['account_connector_id', 'name']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toProperty(row) : undefined;
    },
    async update(accountConnectorId, propertyId, value) {
      const row = await db
        .updateTable('account_connector_properties')
        .set({ value })
        .where('account_connector_id', '=', accountConnectorId)
        .where('id', '=', propertyId)
        .returningAll()
        .executeTakeFirst();
      return row ? toProperty(row) : undefined;
    },
    async delete(accountConnectorId, propertyId) {
      const result = await db
        .deleteFrom('account_connector_properties')
        .where('account_connector_id', '=', accountConnectorId)
        .where('id', '=', propertyId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async listForMany(accountConnectorIds) {
      if (accountConnectorIds.length === 0) return [];
      const rows = await db
        .selectFrom('account_connector_properties')
        .selectAll()
        .where('account_connector_id', 'in', [...accountConnectorIds])
        .orderBy('account_connector_id')
        .orderBy('id')
        .execute();
      return rows.map(toProperty);
    },
  };
}
