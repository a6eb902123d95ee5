import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './database.ts';
import { QueryOutsideTransactionError } from './sqlite-transaction-guard.ts';

describe('a query outside the open transaction on SQLite', () => {
  let database: Database;
  beforeEach(async () => {
    database = openDatabase({ kind: 'sqlite', path: ':memory:' });
    await sql`create table t (n integer)`.execute(database.db);
  });
  afterEach(() => database.close());

  const count = async (db: Database['db']) =>
    (await sql<{ c: number }>`select count(*) as c from t`.execute(db)).rows[0]?.c;

  it('fails at once instead of waiting for the connection the transaction holds', async () => {
    const outcome = database.db.transaction().execute(async (trx) => {
      await sql`insert into t (n) values (1)`.execute(trx);
      await count(database.db);
    });
    await expect(outcome).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    // The transaction rolled back and released the connection: the database still answers.
    expect(await count(database.db)).toBe(0);
  });

  it('also fails through a builder made with a setter, and for a nested transaction', async () => {
    const viaSetter = database.db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(() => count(database.db));
    await expect(viaSetter).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    const nested = database.db
      .transaction()
      .execute(() => database.db.transaction().execute(() => count(database.db)));
    await expect(nested).rejects.toBeInstanceOf(QueryOutsideTransactionError);
  });

  it('lets queries of other callers wait for the transaction and run after it', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = database.db.transaction().execute(async (trx) => {
      await sql`insert into t (n) values (1)`.execute(trx);
      await gate;
    });
    const outside = count(database.db);
    release();
    await transaction;
    expect(await outside).toBe(1);
  });

  it('lets work started inside a transaction use the database once it has committed', async () => {
    let later: Promise<number | undefined> = Promise.resolve(undefined);
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into t (n) values (1)`.execute(trx);
      later = new Promise((resolve) => setTimeout(resolve, 10)).then(() => count(database.db));
    });
    expect(await later).toBe(1);
  });

  it('guards every transaction, also after one has ended and tracking stopped in between', async () => {
    await database.db.transaction().execute((trx) => sql`insert into t (n) values (1)`.execute(trx));
    expect(await count(database.db)).toBe(1);
    const second = database.db.transaction().execute(() => count(database.db));
    await expect(second).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    expect(await count(database.db)).toBe(1);
  });
});
