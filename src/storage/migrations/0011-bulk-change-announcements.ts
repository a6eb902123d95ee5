import { type Kysely, sql } from 'kysely';
import { ANNOUNCED_TABLES, CHANGE_CHANNEL } from './0004-hot-path.ts';
import type { SqlDialect } from './column-types.ts';

/**
 * Above this many rows changed by one statement, PostgreSQL announces "this table changed" once instead
 * of every row: a bulk update of a million connections used to send a million notifications, which
 * every serving process then received and handled one by one.
 */
export const BULK_CHANGE_ROWS = 100;

/** The key announced for a bulk change: every cached row of the table may have changed. */
export const WHOLE_TABLE_KEY = '*';

/**
 * PostgreSQL only: the read cache's change announcements move from row triggers to statement triggers
 * with transition tables, so one statement announces each changed row while it changes at most
 * {@link BULK_CHANGE_ROWS}, and the whole table once above that. Transition tables take one event per
 * trigger, so each table gets a trigger per event. SQLite's change log is unchanged.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const table of Object.keys(ANNOUNCED_TABLES)) {
    await sql.raw(`drop trigger ${table}_announced on ${table}`).execute(db);
  }
  await sql.raw('drop function plugboard_announce_change()').execute(db);
  await sql
    .raw(`create function plugboard_announce_changes() returns trigger language plpgsql as $$
    declare
      changed bigint;
      key text;
    begin
      select count(*) into changed from changed_rows;
      if changed > ${BULK_CHANGE_ROWS} then
        perform pg_notify('${CHANGE_CHANNEL}', TG_TABLE_SCHEMA || ' ' || TG_TABLE_NAME || ' ${WHOLE_TABLE_KEY}');
      else
        for key in select to_jsonb(r) ->> TG_ARGV[0] from changed_rows r loop
          perform pg_notify('${CHANGE_CHANNEL}', TG_TABLE_SCHEMA || ' ' || TG_TABLE_NAME || ' ' || key);
        end loop;
      end if;
      return null;
    end $$`)
    .execute(db);
  for (const [table, key] of Object.entries(ANNOUNCED_TABLES)) {
    const events = table === 'connector_setups' ? ['insert', 'update', 'delete'] : ['update', 'delete'];
    for (const event of events) {
      const rows = event === 'delete' ? 'old table' : 'new table';
      await sql
        .raw(`create trigger ${table}_announced_${event} after ${event} on ${table}
          referencing ${rows} as changed_rows
          for each statement execute function plugboard_announce_changes('${key}')`)
        .execute(db);
    }
  }
}
