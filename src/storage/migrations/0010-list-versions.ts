import { type Kysely, sql } from 'kysely';
import type { SqlDialect } from './column-types.ts';

/**
 * Versions of the two long lists, so a deep `page` can start from a remembered position instead of
 * walking the index from the top (see `PagePositions`): `row_counts.changes` goes up whenever an
 * account is added, removed or renamed (what moves rows of a list of accounts), and
 * `accounts.connector_changes` whenever a connector is added to or removed from that account. Kept by
 * the counting triggers of `0004-hot-path`, which already write those rows.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('row_counts')
    .addColumn('changes', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('accounts')
    .addColumn('connector_changes', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  if (dialect === 'sqlite') await sqliteTriggers(db);
  else await postgresTriggers(db);
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'accounts_counted_insert',
    'accounts_counted_delete',
    'account_connectors_counted_insert',
    'account_connectors_counted_delete',
  ]) {
    await sql.raw(`drop trigger ${name}`).execute(db);
  }
  await sql`create trigger accounts_counted_insert after insert on accounts begin
      update row_counts set count = count + 1, changes = changes + 1 where name = 'accounts'; end`.execute(
    db,
  );
  await sql`create trigger accounts_counted_delete after delete on accounts begin
      update row_counts set count = count - 1, changes = changes + 1 where name = 'accounts'; end`.execute(
    db,
  );
  await sql`create trigger accounts_counted_rename after update of name on accounts
      when old.name is not new.name begin
      update row_counts set changes = changes + 1 where name = 'accounts'; end`.execute(db);
  await sql`create trigger account_connectors_counted_insert after insert on account_connectors begin
      update accounts set connector_count = connector_count + 1, connector_changes = connector_changes + 1
        where id = new.account_id; end`.execute(db);
  await sql`create trigger account_connectors_counted_delete after delete on account_connectors begin
      update accounts set connector_count = connector_count - 1, connector_changes = connector_changes + 1
        where id = old.account_id; end`.execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function plugboard_count_accounts() returns trigger language plpgsql as $$
    declare
      step integer := case when TG_OP = 'INSERT' then 1 else -1 end;
      n bigint := (select count(*) from changed_rows);
    begin
      if n > 0 then
        update row_counts set count = count + step * n, changes = changes + 1 where name = 'accounts';
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function plugboard_count_account_renames() returns trigger language plpgsql as $$
    begin
      update row_counts set changes = changes + 1 where name = 'accounts';
      return null;
    end $$`.execute(db);
  await sql`create trigger accounts_counted_rename after update of name on accounts
      for each row when (old.name is distinct from new.name)
      execute function plugboard_count_account_renames()`.execute(db);
  await sql`create or replace function plugboard_count_account_connectors() returns trigger
    language plpgsql as $$
    declare step integer := case when TG_OP = 'INSERT' then 1 else -1 end;
    begin
      update accounts set connector_count = connector_count + step * counted.n,
          connector_changes = connector_changes + 1
        from (select account_id, count(*) as n from changed_rows group by account_id) as counted
        where accounts.id = counted.account_id;
      return null;
    end $$`.execute(db);
}
