import type { TestPlugboard } from './test-plugboard.ts';

/** Inserts an account directly (for tests of other features). */
export async function insertAccount(app: TestPlugboard, id: string, name = id): Promise<void> {
  await app.database.db
    .insertInto('accounts')
    .values({ id, name, created_at: Date.now(), next_bill_date: Date.now() })
    .execute();
}
