import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { type OpenStorage, openStorage } from '../../src/storage/open-storage.ts';
import { type TestDatabase, testDatabaseKinds } from './test-databases.ts';
import { TEST_KEYS } from './test-plugboard.ts';

export interface StorageFixture {
  readonly database: TestDatabase;
  readonly storage: OpenStorage;
}

/**
 * Runs `suite` once per test database (SQLite always, PostgreSQL when PLUGBOARD_TEST_DATABASE_URL is set),
 * each against a freshly migrated, empty database that is dropped afterwards.
 */
export function describeOnEachDatabase(title: string, suite: (fixture: () => StorageFixture) => void): void {
  for (const kind of testDatabaseKinds()) {
    describe(`${title} [${kind.kind}]`, () => {
      let fixture: StorageFixture | undefined;
      beforeAll(async () => {
        const database = await kind.create();
        const config = loadConfig({
          PLUGBOARD_DATABASE_URL: database.url,
          PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
        });
        fixture = { database, storage: await openStorage(config, Date.now()) };
      });
      afterAll(async () => {
        await fixture?.storage.close();
        await fixture?.database.drop();
      });
      suite(() => {
        if (!fixture) throw new Error('the database is not ready');
        return fixture;
      });
    });
  }
}
