import type { Kysely } from 'kysely';
import { type SqlDialect, withSerialId } from './column-types.ts';

/**
 * Templates, their immutable releases, cycles (a release installed in an account), their steps,
 * transactions with their step runs (Cyclr's step data and the engine's replay log), and incidents.
 * JSON documents are stored as text so both dialects read them the same way.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('latest_release', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('template_releases')
    .addColumn('template_id', 'text', (c) => c.notNull().references('templates.id').onDelete('cascade'))
    .addColumn('release_number', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_releases_pk', ['template_id', 'release_number'])
    .execute();

  await db.schema
    .createTable('cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('template_id', 'text', (c) => c.notNull().references('templates.id'))
    .addColumn('release_number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('connectors', 'text', (c) => c.notNull())
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('start_time', 'bigint')
    .addColumn('run_once', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_run_at', 'bigint')
    .addColumn('high_water_mark', 'bigint')
    .addColumn('last_run_at', 'bigint')
    .addColumn('activated_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cycles_account').on('cycles').columns(['account_id', 'created_at']).execute();

  await db.schema
    .createTable('cycle_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('cycle_steps_key', ['cycle_id', 'step_key'])
    .execute();

  await db.schema
    .createTable('cycle_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('split_index', 'integer')
    .addColumn('item', 'text')
    .addColumn('current_step', 'text')
    .addColumn('step_attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reason_code', 'integer')
    .addColumn('message', 'text')
    .addColumn('release_number', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('cycle_transactions_dedupe', ['cycle_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('cycle_transactions_cycle')
    .on('cycle_transactions')
    .columns(['cycle_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('cycle_transactions_status')
    .on('cycle_transactions')
    .columns(['status', 'updated_at'])
    .execute();

  await withSerialId(db.schema.createTable('cycle_step_runs'), dialect)
    .addColumn('transaction_id', 'text', (c) =>
      c.notNull().references('cycle_transactions.id').onDelete('cascade'),
    )
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('request', 'text')
    .addColumn('response', 'text')
    .addColumn('output', 'text')
    .addColumn('message', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cycle_step_runs_transaction')
    .on('cycle_step_runs')
    .column('transaction_id')
    .execute();

  await withSerialId(db.schema.createTable('cycle_incidents'), dialect)
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('short_message', 'text', (c) => c.notNull())
    .addColumn('full_message', 'text', (c) => c.notNull())
    .addColumn('step_key', 'text')
    .addColumn('transaction_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cycle_incidents_account')
    .on('cycle_incidents')
    .columns(['account_id', 'level', 'created_at'])
    .execute();
}
