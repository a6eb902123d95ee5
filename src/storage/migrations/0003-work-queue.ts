import { type Kysely, sql } from 'kysely';
import { type SqlDialect, withSerialId } from './column-types.ts';

/**
 * The durable work queue: one `jobs` table replaces the old one (which could only hold recurring jobs
 * and deleted rows when they finished). Partial indexes keep claiming, reaping and pruning off the
 * history: the ready index holds only waiting jobs, the lease index only running ones, and the
 * unique key is unique only among unfinished jobs, so a finished job never blocks its successor.
 * The old table's only rows were the recurring refresh sweep, which the application recreates.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('jobs').ifExists().execute();

  await withSerialId(db.schema.createTable('jobs'), dialect)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('unique_key', 'text')
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('concurrency_key', 'text')
    .addColumn('concurrency_limit', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('epoch', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();

  // The same SQL on both dialects: PostgreSQL and SQLite both have partial and descending indexes.
  await sql`create index jobs_ready on jobs (priority desc, run_at, id) where status in ('queued', 'failed')`.execute(
    db,
  );
  await sql`create index jobs_waiting on jobs (run_at) where status in ('queued', 'failed')`.execute(db);
  await sql`create index jobs_leases on jobs (locked_until) where status = 'running'`.execute(db);
  await sql`create index jobs_running_keys on jobs (concurrency_key) where status = 'running'`.execute(db);
  await sql`create unique index jobs_unique_unfinished on jobs (kind, unique_key)
    where unique_key is not null and status in ('queued', 'running', 'failed')`.execute(db);
  await sql`create index jobs_finished on jobs (finished_at) where status in ('succeeded', 'dead')`.execute(
    db,
  );
  await sql`create index jobs_account on jobs (account_id) where account_id is not null`.execute(db);
  await sql`create index jobs_by_status on jobs (status, id)`.execute(db);
}
