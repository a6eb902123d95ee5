import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreparingClient } from './postgres-prepared-statements.ts';

const url = process.env.PLUGBOARD_TEST_DATABASE_URL;

describe.skipIf(!url)('the PostgreSQL client with prepared statements', () => {
  const schema = `pb_test_${randomBytes(6).toString('hex')}`;
  let client: PreparingClient;
  const prepared = async () =>
    (await client.query('select name, statement from pg_prepared_statements')).rows as {
      name: string;
      statement: string;
    }[];

  beforeAll(async () => {
    client = new PreparingClient({ connectionString: url });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.query(`set search_path = ${schema}`);
    await client.query('create table t (n integer)');
    await client.query('insert into t (n) values (1), (2), (3)');
  });
  afterAll(async () => {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('prepares a parameterised query once and answers each call with its own values', async () => {
    const text = 'select n from t where n > $1 order by n';
    expect((await client.query(text, [0])).rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect((await client.query(text, [2])).rows).toEqual([{ n: 3 }]);
    expect((await prepared()).filter((p) => p.statement === text)).toHaveLength(1);
  });

  it('keeps at most 200 statements, deallocating the least recently used', async () => {
    for (let i = 0; i < 230; i++) await client.query(`select $1::int + ${i} as n`, [i]);
    await client.query('select 1');
    const left = await prepared();
    expect(left.length).toBeLessThanOrEqual(200);
    expect(left.some((p) => p.statement === 'select $1::int + 229 as n')).toBe(true);
    expect(left.some((p) => p.statement === 'select $1::int + 0 as n')).toBe(false);
    expect((await client.query('select $1::int + 0 as n', [1])).rows).toEqual([{ n: 1 }]);
  });

  it('prepares a statement afresh after its result columns changed', async () => {
    const text = 'select * from t where n = $1';
    expect((await client.query(text, [1])).rows).toEqual([{ n: 1 }]);
    await client.query('alter table t add column m integer');
    await expect(client.query(text, [1])).rejects.toThrow(/cached plan/);
    expect((await client.query(text, [1])).rows).toEqual([{ n: 1, m: null }]);
  });
});
