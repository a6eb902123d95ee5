import type { Kysely } from 'kysely';

/**
 * What the console's sign-in needs beyond `admins` and `admin_sessions`: the one-time setup codes that
 * let the first visitor create the first admin, and failed sign-in counters per client address (and
 * per unknown username), so the slow-down holds across processes sharing one database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('admin_setup_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('login_failures')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_age').on('login_failures').column('last_failed_at').execute();
  await db.schema.createIndex('admin_sessions_expiry').on('admin_sessions').column('expires_at').execute();
}
