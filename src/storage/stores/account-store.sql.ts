import { type Expression, type Kysely, type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Account, AccountChanges } from '../../domain/accounts/account.ts';
import {
  type AccountCursor,
  type AccountListQuery,
  type AccountStore,
  SEARCH_COUNT_CAP,
} from '../../domain/accounts/account-store.ts';
import type { AccountRow, DatabaseSchema } from '../schema.ts';

const flag = (value: number | null): boolean | null => (value === null ? null : value !== 0);
const flagValue = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);

function toAccount(row: Selectable<AccountRow>): Account {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    timezone: row.timezone,
    createdAt: Number(row.created_at),
    nextBillDate: Number(row.next_bill_date),
    auditInfo: row.audit_info,
    taskAuditInfo: row.task_audit_info,
    stepDataSuccessRetentionHours: row.step_data_success_retention_hours,
    stepDataErroredRetentionHours: row.step_data_errored_retention_hours,
    transactionErrorWebhookEnabled: flag(row.transaction_error_webhook_enabled),
    transactionErrorWebhookUrl: row.transaction_error_webhook_url,
    transactionErrorWebhookIncludeWarnings: flag(row.transaction_error_webhook_include_warnings),
  };
}

/** The columns written for the fields present in `changes`. */
function changedColumns(changes: AccountChanges): Updateable<AccountRow> {
  const row: Updateable<AccountRow> = {};
  if (changes.name !== undefined) row.name = changes.name;
  if (changes.description !== undefined) row.description = changes.description;
  if (changes.timezone !== undefined) row.timezone = changes.timezone;
  if (changes.auditInfo !== undefined) row.audit_info = changes.auditInfo;
  if (changes.taskAuditInfo !== undefined) row.task_audit_info = changes.taskAuditInfo;
  if (changes.stepDataSuccessRetentionHours !== undefined)
    row.step_data_success_retention_hours = changes.stepDataSuccessRetentionHours;
  if (changes.stepDataErroredRetentionHours !== undefined)
    row.step_data_errored_retention_hours = changes.stepDataErroredRetentionHours;
  if (changes.transactionErrorWebhookEnabled !== undefined)
    row.transaction_error_webhook_enabled = flagValue(changes.transactionErrorWebhookEnabled);
  if (changes.transactionErrorWebhookUrl !== undefined)
    row.transaction_error_webhook_url = changes.transactionErrorWebhookUrl;
  if (changes.transactionErrorWebhookIncludeWarnings !== undefined)
    row.transaction_error_webhook_include_warnings = flagValue(
      changes.transactionErrorWebhookIncludeWarnings,
    );
  return row;
}

/** `%text%` for LIKE, with `\`, `%` and `_` in the text matched literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchFilter(search: string | null): Expression<SqlBool> {
  if (search === null) return sql<SqlBool>`1 = 1`;
  const pattern = containsPattern(search);
  return sql<SqlBool>`(lower(name) like ${pattern} escape '\\' or lower(id) like ${pattern} escape '\\')`;
}

/** The sort keys of each order, as SQL and as read from a cursor; every order ends in a unique key. */
const ORDER_KEYS = {
  createdDate: { sql: 'created_at, id', values: (c: AccountCursor) => [c.createdAt, c.id] },
  name: {
    sql: 'lower(name), created_at, id',
    values: (c: AccountCursor) => [c.name.toLowerCase(), c.createdAt, c.id],
  },
  id: { sql: 'id', values: (c: AccountCursor) => [c.id] },
} as const;

/**
 * Where the page starts, as a row-value comparison on the order's keys (served by the index of that
 * order): after the cursor when the caller walked here, else after the row that ends the skipped part,
 * found by walking the index alone.
 */
function pageStart(query: AccountListQuery): Expression<SqlBool> {
  const keys = ORDER_KEYS[query.orderBy];
  const compare = sql.raw(query.ascending ? '>' : '<');
  const columns = sql.raw(`(${keys.sql})`);
  if (query.after) {
    return sql<SqlBool>`${columns} ${compare} (${sql.join(keys.values(query.after))})`;
  }
  if (query.offset === 0) return sql<SqlBool>`1 = 1`;
  const orderList = sql.raw(
    keys.sql
      .split(', ')
      .map((key) => `${key} ${query.ascending ? 'asc' : 'desc'}`)
      .join(', '),
  );
  return sql<SqlBool>`${columns} ${compare} (select ${sql.raw(keys.sql)} from accounts
    where ${searchFilter(query.search)} order by ${orderList} limit 1 offset ${query.offset - 1})`;
}

export function sqlAccountStore(db: Kysely<DatabaseSchema>): AccountStore {
  const exists = async (id: string) => {
    const row = await db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  };
  return {
    exists,
    async insert(account) {
      const row = await db
        .insertInto('accounts')
        .values({
          ...changedColumns(account),
          id: account.id,
          created_at: account.createdAt,
          next_bill_date: account.nextBillDate,
          name: account.name,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },
    async findById(id) {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAccount(row) : undefined;
    },
    async update(id, changes) {
      const values = changedColumns(changes);
      if (Object.keys(values).length === 0) return exists(id);
      const result = await db.updateTable('accounts').set(values).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async delete(id) {
      const result = await db.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async list(query) {
      const direction = query.ascending ? 'asc' : 'desc';
      let select = db
        .selectFrom('accounts')
        .selectAll()
        .where(searchFilter(query.search))
        .where(pageStart(query));
      for (const key of ORDER_KEYS[query.orderBy].sql.split(', ')) {
        select = select.orderBy(sql.raw(key), direction);
      }
      const total = async () => {
        if (query.search === null) {
          const row = await db
            .selectFrom('row_counts')
            .select('count')
            .where('name', '=', 'accounts')
            .executeTakeFirst();
          return Number(row?.count ?? 0);
        }
        const matches = db
          .selectFrom('accounts')
          .select('id')
          .where(searchFilter(query.search))
          .limit(SEARCH_COUNT_CAP)
          .as('matches');
        const row = await db
          .selectFrom(matches)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      const [rows, count] = await Promise.all([select.limit(query.limit).execute(), total()]);
      return { items: rows.map(toAccount), total: count };
    },
  };
}
