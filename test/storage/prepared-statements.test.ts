import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedOnPostgres, runMarkedStatementsPrepared } from '../../src/storage/prepared-statements.ts';

const url = process.env.PLUGBOARD_TEST_DATABASE_URL;

describe.skipIf(!url)('statements marked to be prepared [postgres]', () => {
  const client = new pg.Client({ connectionString: url });
  beforeAll(async () => {
    await client.connect();
    runMarkedStatementsPrepared(client as pg.PoolClient);
  });
  afterAll(() => client.end());

  const preparedTexts = async () =>
    (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map(
      (row) => row.statement,
    );

  it('runs a marked statement as one named statement, prepared once and answering each time', async () => {
    const marked = preparedOnPostgres(CompiledQuery.raw('select $1::int + 1 as next', [41]));
    for (const value of [41, 1, 41]) {
      const result = await client.query(marked.sql, [value]);
      expect(result.rows).toEqual([{ next: value + 1 }]);
    }
    expect((await preparedTexts()).filter((text) => text === marked.sql)).toHaveLength(1);
  });

  it('runs every other statement unnamed, as before', async () => {
    const result = await client.query('select $1::int * 2 as twice', [21]);
    expect(result.rows).toEqual([{ twice: 42 }]);
    expect(await preparedTexts()).not.toContain('select $1::int * 2 as twice');
  });
});
