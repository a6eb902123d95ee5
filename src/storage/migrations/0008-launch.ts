import type { Kysely } from 'kysely';

/**
 * LAUNCH and the embedded sign-in link. A LAUNCH token is a sign-in token that also carries what the
 * partner asked the LAUNCH page to show (`launch_options`, JSON; `null` for an ordinary sign-in
 * token). Redeeming either at `/account/signinwithtoken` opens an account session: a browser session
 * bound to one account, its id and CSRF token stored only as hashes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sign_in_tokens').addColumn('launch_options', 'text').execute();

  await db.schema
    .createTable('account_sessions')
    .addColumn('session_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('csrf_hash', 'text', (c) => c.notNull())
    .addColumn('launch_options', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('account_sessions_expiry')
    .on('account_sessions')
    .column('expires_at')
    .execute();
}
