import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Account, AccountChanges } from '../../domain/accounts/account.ts';
import type { AccountStore } from '../../domain/accounts/account-store.ts';
import type { AccountRow, DatabaseSchema } from '../schema.ts';

const flag = (value: number | null): boolean | null => (value === null ? null : value !== 0);
const flagValue = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);

function toAccount(row: AccountRow): Account {
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
function changedColumns(changes: AccountChanges): Partial<AccountRow> {
  const row: Partial<AccountRow> = {};
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

const ORDER_COLUMN = { createdDate: 'created_at', name: 'name', id: 'id' } as const;

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
          id: account.id,
          created_at: account.createdAt,
          next_bill_date: account.nextBillDate,
          name: account.name,
          ...changedColumns(account),
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
      const column = ORDER_COLUMN[query.orderBy];
      let select = db
        .selectFrom('accounts')
        .selectAll()
        .where(searchFilter(query.search))
        .orderBy(column === 'name' ? sql`lower(name)` : column, direction);
      if (column !== 'created_at') select = select.orderBy('created_at', direction);
      if (column !== 'id') select = select.orderBy('id', direction);
      const rows = await select.limit(query.limit).offset(query.offset).execute();
      const count = await db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(searchFilter(query.search))
        .executeTakeFirstOrThrow();
      return { items: rows.map(toAccount), total: Number(count.n) };
    },
  };
}
