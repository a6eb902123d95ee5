import { type Kysely, sql } from 'kysely';
import type { SqlDialect } from './column-types.ts';

/** The tables whose changes are announced to every process's cache, and the column that names a row. */
export const ANNOUNCED_TABLES = {
  api_tokens: 'token_hash',
  api_clients: 'id',
  accounts: 'id',
  account_connectors: 'id',
  connector_setups: 'connector_id',
} as const;

/** The PostgreSQL `NOTIFY` channel on which row changes of {@link ANNOUNCED_TABLES} are announced. */
export const CHANGE_CHANNEL = 'plugboard_changes';

/**
 * What a million account connectors need: indexes for every list and lookup, the refresh sweep driven
 * by an indexed `next_refresh_at`, a mark on credentials that cannot be decrypted, row counts kept by
 * triggers (so `Total-Records` never counts), announcements of changed rows for the in-process caches,
 * and trigram indexes for account search where PostgreSQL offers `pg_trgm`.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const schema = db.schema;
  await schema.alterTable('account_connectors').addColumn('next_refresh_at', 'bigint').execute();
  await schema.alterTable('account_connectors').addColumn('credentials_unreadable_at', 'bigint').execute();
  await schema
    .alterTable('accounts')
    .addColumn('connector_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await schema.dropIndex('account_connectors_account').execute();
  await schema
    .createIndex('account_connectors_account_id')
    .on('account_connectors')
    .columns(['account_id', 'id'])
    .execute();
  await sql`create index account_connectors_next_refresh on account_connectors (next_refresh_at, id)
    where next_refresh_at is not null`.execute(db);
  await schema
    .createIndex('audit_events_connector')
    .on('audit_events')
    .columns(['account_connector_id', 'id'])
    .execute();
  await schema
    .createIndex('account_connector_properties_connector')
    .on('account_connector_properties')
    .columns(['account_connector_id', 'id'])
    .execute();
  await sql`create index accounts_name_order on accounts (lower(name), created_at, id)`.execute(db);
  await schema.createIndex('api_tokens_account').on('api_tokens').column('account_id').execute();

  // Every refreshable connection is looked at by the first sweep, which sets its real due time.
  await sql`update account_connectors set next_refresh_at = 0
    where refresh_token_ct is not null and auth_status in ('Authenticated', 'Degraded', 'Refreshing')`.execute(
    db,
  );

  await schema
    .createTable('row_counts')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into row_counts (name, count) select 'accounts', count(*) from accounts`.execute(db);
  await sql`update accounts set connector_count =
    (select count(*) from account_connectors where account_connectors.account_id = accounts.id)`.execute(db);

  if (dialect === 'sqlite') await sqliteTriggers(db);
  else await postgresTriggers(db);
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create table change_log (
    id integer primary key autoincrement, table_name text not null, key text not null)`.execute(db);
  for (const [table, key] of Object.entries(ANNOUNCED_TABLES)) {
    for (const [event, row] of [
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      await sql
        .raw(`create trigger ${table}_logged_${event} after ${event} on ${table} begin
          insert into change_log (table_name, key) values ('${table}', ${row}.${key}); end`)
        .execute(db);
    }
  }
  await sql
    .raw(`create trigger connector_setups_logged_insert after insert on connector_setups begin
      insert into change_log (table_name, key) values ('connector_setups', new.connector_id); end`)
    .execute(db);
  await sql
    .raw(`create trigger accounts_counted_insert after insert on accounts begin
      update row_counts set count = count + 1 where name = 'accounts'; end`)
    .execute(db);
  await sql
    .raw(`create trigger accounts_counted_delete after delete on accounts begin
      update row_counts set count = count - 1 where name = 'accounts'; end`)
    .execute(db);
  await sql
    .raw(`create trigger account_connectors_counted_insert after insert on account_connectors begin
      update accounts set connector_count = connector_count + 1 where id = new.account_id; end`)
    .execute(db);
  await sql
    .raw(`create trigger account_connectors_counted_delete after delete on account_connectors begin
      update accounts set connector_count = connector_count - 1 where id = old.account_id; end`)
    .execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`create function plugboard_announce_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('${CHANGE_CHANNEL}', TG_TABLE_SCHEMA || ' ' || TG_TABLE_NAME || ' ' ||
        (case when TG_OP = 'DELETE' then to_jsonb(old) else to_jsonb(new) end ->> TG_ARGV[0]));
      return null;
    end $$`)
    .execute(db);
  for (const [table, key] of Object.entries(ANNOUNCED_TABLES)) {
    const events = table === 'connector_setups' ? 'insert or update or delete' : 'update or delete';
    await sql
      .raw(`create trigger ${table}_announced after ${events} on ${table}
        for each row execute function plugboard_announce_change('${key}')`)
      .execute(db);
  }
  await sql
    .raw(`create function plugboard_count_accounts() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'INSERT' then
        update row_counts set count = count + (select count(*) from changed_rows) where name = 'accounts';
      else
        update row_counts set count = count - (select count(*) from changed_rows) where name = 'accounts';
      end if;
      return null;
    end $$`)
    .execute(db);
  await sql
    .raw(`create trigger accounts_counted_insert after insert on accounts
      referencing new table as changed_rows for each statement execute function plugboard_count_accounts()`)
    .execute(db);
  await sql
    .raw(`create trigger accounts_counted_delete after delete on accounts
      referencing old table as changed_rows for each statement execute function plugboard_count_accounts()`)
    .execute(db);
  await sql
    .raw(`create function plugboard_count_account_connectors() returns trigger language plpgsql as $$
    declare step integer := case when TG_OP = 'INSERT' then 1 else -1 end;
    begin
      update accounts set connector_count = connector_count + step * counted.n
        from (select account_id, count(*) as n from changed_rows group by account_id) as counted
        where accounts.id = counted.account_id;
      return null;
    end $$`)
    .execute(db);
  await sql
    .raw(`create trigger account_connectors_counted_insert after insert on account_connectors
      referencing new table as changed_rows for each statement
      execute function plugboard_count_account_connectors()`)
    .execute(db);
  await sql
    .raw(`create trigger account_connectors_counted_delete after delete on account_connectors
      referencing old table as changed_rows for each statement
      execute function plugboard_count_account_connectors()`)
    .execute(db);
  await trigramIndexes(db);
}

/**
 * Account search (`query=`) matches a substring of the name or id; with `pg_trgm` that is an index
 * lookup. The extension is made once per database (in `public`, so dropping one schema never takes it
 * away from another); without the privilege to create it, search falls back to a scan.
 */
async function trigramIndexes(db: Kysely<unknown>): Promise<void> {
  const found = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
    join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  let extensionSchema = found.rows[0]?.schema;
  if (extensionSchema === undefined) {
    const target = await sql<{ schema: string }>`select coalesce(
      (select nspname from pg_namespace where nspname = 'public'), current_schema()) as schema`.execute(db);
    extensionSchema = target.rows[0]?.schema ?? 'public';
    await sql`savepoint plugboard_trgm`.execute(db);
    try {
      await sql.raw(`create extension if not exists pg_trgm with schema "${extensionSchema}"`).execute(db);
      await sql`release savepoint plugboard_trgm`.execute(db);
    } catch {
      await sql`rollback to savepoint plugboard_trgm`.execute(db);
      return;
    }
  }
  const ops = `"${extensionSchema}".gin_trgm_ops`;
  await sql.raw(`create index accounts_name_trigram on accounts using gin (lower(name) ${ops})`).execute(db);
  await sql.raw(`create index accounts_id_trigram on accounts using gin (lower(id) ${ops})`).execute(db);
}
