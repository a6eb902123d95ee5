import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/each-database.ts';

describeOnEachDatabase('Stores.transaction', (fixture) => {
  it('runs a transaction again when the database picks it as a deadlock victim, so both writers succeed', async () => {
    const { stores, database } = fixture().storage;
    if (database.dialect !== 'postgres') return; // SQLite has one writer at a time: no deadlock to break
    await database.db
      .insertInto('accounts')
      .values([
        { id: 'dl-a', name: 'A', created_at: 1, next_bill_date: 1 },
        { id: 'dl-b', name: 'B', created_at: 1, next_bill_date: 1 },
      ])
      .execute();
    let arrived = 0;
    const bothHoldOne = () =>
      new Promise<void>((resolve) => {
        arrived++;
        const check = () => (arrived >= 2 ? resolve() : setTimeout(check, 5));
        check();
      });
    let runs = 0;
    const writer = (first: string, second: string) =>
      stores.transaction(async (tx) => {
        runs++;
        await tx.accounts.update(first, { description: `by ${first}` });
        if (runs <= 2) await bothHoldOne();
        await tx.accounts.update(second, { description: `by ${first}` });
        return first;
      });
    await expect(Promise.all([writer('dl-a', 'dl-b'), writer('dl-b', 'dl-a')])).resolves.toEqual([
      'dl-a',
      'dl-b',
    ]);
    expect(runs).toBe(3);
    const rows = await sql<{
      n: number;
    }>`select count(*)::int as n from accounts where id in ('dl-a','dl-b')`.execute(database.db);
    expect(rows.rows[0]?.n).toBe(2);
  });
});
