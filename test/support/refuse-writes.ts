import { type Kysely, sql } from 'kysely';

/**
 * Makes the database itself refuse every `operation` on `table` (a real write failure, on both
 * dialects) until the returned function is called.
 */
export async function refuseWrites(
  db: Kysely<any>,
  dialect: 'sqlite' | 'postgres',
  table: string,
  operation: 'insert' | 'update',
): Promise<() => Promise<void>> {
  const name = sql.raw(`refuse_${operation}_${table}`);
  const target = sql.raw(table);
  const event = sql.raw(operation);
  if (dialect === 'sqlite') {
    await sql`create trigger ${name} before ${event} on ${target} begin select raise(abort, 'write refused'); end`.execute(
      db,
    );
    return async () => {
      await sql`drop trigger ${name}`.execute(db);
    };
  }
  await sql`create function ${name}() returns trigger language plpgsql as $$ begin raise exception 'write refused'; end $$`.execute(
    db,
  );
  await sql`create trigger ${name} before ${event} on ${target} for each row execute function ${name}()`.execute(
    db,
  );
  return async () => {
    await sql`drop trigger ${name} on ${target}`.execute(db);
    await sql`drop function ${name}()`.execute(db);
  };
}
