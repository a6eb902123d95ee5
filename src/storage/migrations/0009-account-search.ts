import { type Kysely, sql } from 'kysely';
import type { SqlDialect } from './column-types.ts';

/**
 * Account search (`query=`) without a scan on SQLite: an FTS5 table with the trigram tokenizer holds
 * each account's id and name, so a substring of three characters or more is an index lookup (shorter
 * ones still scan). Triggers keep it in step with `accounts`. Its rows are keyed by
 * `account_search_rows`, whose integer keys never change: the implicit rowid of `accounts` (its
 * primary key is text) may be renumbered by `VACUUM`.
 *
 * PostgreSQL searches with the trigram indexes of `0004-hot-path` and needs nothing here.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`create table account_search_rows (
    id integer primary key autoincrement,
    account_id text not null unique)`.execute(db);
  await sql`create virtual table account_search using fts5(id, name, tokenize = 'trigram')`.execute(db);
  await sql`insert into account_search_rows (account_id) select id from accounts order by created_at, id`.execute(
    db,
  );
  await sql`insert into account_search (rowid, id, name)
    select r.id, a.id, a.name from account_search_rows r join accounts a on a.id = r.account_id`.execute(db);
  await sql`create trigger accounts_searched_insert after insert on accounts begin
      insert into account_search_rows (account_id) values (new.id);
      insert into account_search (rowid, id, name)
        values ((select id from account_search_rows where account_id = new.id), new.id, new.name);
    end`.execute(db);
  await sql`create trigger accounts_searched_update after update of id, name on accounts
      when old.id is not new.id or old.name is not new.name begin
      update account_search_rows set account_id = new.id where account_id = old.id;
      update account_search set id = new.id, name = new.name
        where rowid = (select id from account_search_rows where account_id = new.id);
    end`.execute(db);
  await sql`create trigger accounts_searched_delete after delete on accounts begin
      delete from account_search where rowid = (select id from account_search_rows where account_id = old.id);
      delete from account_search_rows where account_id = old.id;
    end`.execute(db);
}
