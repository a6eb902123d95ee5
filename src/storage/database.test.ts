import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './database.ts';

describe('the SQLite connection', () => {
  let database: Database;
  beforeEach(async () => {
    database = openDatabase({ kind: 'sqlite', path: ':memory:' });
    await sql`create table t (n integer)`.execute(database.db);
    await sql`insert into t (n) values (1), (2), (3)`.execute(database.db);
  });
  afterEach(() => database.close());

  const above = (n: number) => sql<{ n: number }>`select n from t where n > ${n} order by n`;

  it('answers a repeated query with the values of each call', async () => {
    expect((await above(0).execute(database.db)).rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect((await above(2).execute(database.db)).rows).toEqual([{ n: 3 }]);
    await sql`insert into t (n) values (4)`.execute(database.db);
    expect((await above(2).execute(database.db)).rows).toEqual([{ n: 3 }, { n: 4 }]);
  });

  it('runs a query again after a stream of the same query was broken off', async () => {
    const query = database.db.selectFrom('t' as never).select(sql<number>`n`.as('n'));
    for await (const row of query.stream()) {
      expect(row).toEqual({ n: 1 });
      break;
    }
    expect(await query.execute()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });
});
