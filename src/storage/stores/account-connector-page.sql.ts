import { type Kysely, sql } from 'kysely';
import type { AccountConnectorProperty } from '../../domain/account-connectors/account-connector.ts';
import type {
  AccountConnectorPage,
  AccountConnectorPageQuery,
} from '../../domain/account-connectors/account-connector-store.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import { preparedOnPostgres } from '../prepared-statements.ts';
import type { DatabaseSchema } from '../schema.ts';
import { ACCOUNT_CONNECTOR_COLUMNS, toAccountConnector } from './account-connector-rows.ts';

/**
 * Each row's properties as one JSON text, `[[id, name, value], …]` by id: aggregated by the database
 * in the page's own statement instead of a query of their own (PostgreSQL gives null for none).
 */
function propertiesColumn(dialect: SqlDialect) {
  return dialect === 'postgres'
    ? sql<string | null>`(select json_agg(json_build_array(p.id, p.name, p.value) order by p.id)::text
        from account_connector_properties p where p.account_connector_id = account_connectors.id)`
    : sql<string | null>`(select json_group_array(json_array(p.id, p.name, p.value) order by p.id)
        from account_connector_properties p where p.account_connector_id = account_connectors.id)`;
}

function toProperties(accountConnectorId: number, json: string | null): AccountConnectorProperty[] {
  if (json === null) return [];
  return (JSON.parse(json) as [number, string, string | null][]).map(([id, name, value]) => ({
    id: Number(id),
    accountConnectorId,
    name,
    value,
  }));
}

/**
 * A page of the account's connectors by id, with the list's count and version and (when asked) each
 * row's properties, in one statement: one round trip, and on PostgreSQL one snapshot, so the version
 * read is the one the rows belong to. A page with no rows reads the count on its own.
 */
export async function accountConnectorPage(
  db: Kysely<DatabaseSchema>,
  dialect: SqlDialect,
  accountId: string,
  page: AccountConnectorPageQuery,
): Promise<AccountConnectorPage> {
  const counts = db.selectFrom('accounts').where('id', '=', accountId);
  let select = db
    .selectFrom('account_connectors')
    .select(ACCOUNT_CONNECTOR_COLUMNS)
    .select([
      counts.select('connector_count').as('list_total'),
      counts.select('connector_changes').as('list_version'),
    ])
    .select((page.withProperties ? propertiesColumn(dialect) : sql<null>`null`).as('properties_json'))
    .where('account_id', '=', accountId)
    .orderBy('id')
    .limit(page.limit);
  const from = page.from;
  if (page.afterId !== undefined) {
    select = select.where('id', '>', page.afterId);
  } else if (from && from.position === page.offset) {
    select = select.where('id', '>=', from.key);
  } else if (page.offset > 0) {
    // Skips rows in the (account_id, id) index alone, from a known position when there is one, then
    // reads only the page's rows.
    let skipped = db
      .selectFrom('account_connectors')
      .select('id')
      .where('account_id', '=', accountId)
      .orderBy('id')
      .limit(1)
      .offset(from ? page.offset - from.position - 1 : page.offset - 1);
    if (from) skipped = skipped.where('id', '>=', from.key);
    select = select.where('id', '>', skipped);
  }
  // Planned once per connection on PostgreSQL: planning this statement cost as much as running it.
  const compiled = select.compile();
  const { rows } = await db.executeQuery(dialect === 'postgres' ? preparedOnPostgres(compiled) : compiled);
  const [first] = rows;
  const header = first
    ? { connector_count: first.list_total, connector_changes: first.list_version }
    : await counts.select(['connector_count', 'connector_changes']).executeTakeFirst();
  const items = rows.map(toAccountConnector);
  const properties = page.withProperties
    ? new Map(items.map((item, i) => [item.id, toProperties(item.id, rows[i]?.properties_json ?? null)]))
    : undefined;
  return {
    items,
    total: Number(header?.connector_count ?? 0),
    version: Number(header?.connector_changes ?? 0),
    properties,
  };
}
