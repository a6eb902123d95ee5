import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Account, AccountChanges } from '../../domain/accounts/account.ts';
import type { AccountStore } from '../../domain/accounts/account-store.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import type { AccountRow, DatabaseSchema } from '../schema.ts';
import { LIST_VERSION, listAccounts } from './account-list.sql.ts';
import { sampleAccountPositions } from './account-positions.sql.ts';

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

export function sqlAccountStore(db: Kysely<DatabaseSchema>, dialect: SqlDialect): AccountStore {
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
      const page = await listAccounts(db, dialect, query);
      return { items: page.rows.map(toAccount), total: page.total, version: page.version };
    },
    samplePositions: (slice) => sampleAccountPositions(db, slice),
    async findMany(ids) {
      const version = LIST_VERSION.as('list_version');
      if (ids.length === 0) {
        const row = await db.selectNoFrom([version]).executeTakeFirst();
        return { items: [], version: Number(row?.list_version ?? 0) };
      }
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .select([version])
        .where('id', 'in', [...ids])
        .execute();
      if (rows.length === 0) return { items: [], version: -1 };
      return { items: rows.map(toAccount), version: Number(rows[0]?.list_version ?? 0) };
    },
  };
}
