import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A database a test runs against, with the URL Plugboard is given and a way to drop it afterwards. */
export interface TestDatabase {
  readonly kind: 'sqlite' | 'postgres';
  readonly url: string;
  drop(): Promise<void>;
}

export interface TestDatabaseKind {
  readonly kind: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

const sqlite: TestDatabaseKind = {
  kind: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-test-'));
    return {
      kind: 'sqlite',
      url: `sqlite:${join(dir, 'plugboard.db')}`,
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function postgres(baseUrl: string): TestDatabaseKind {
  return {
    kind: 'postgres',
    async create() {
      const schema = `pb_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const url = new URL(baseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return {
        kind: 'postgres',
        url: url.href,
        async drop() {
          const client = new pg.Client({ connectionString: baseUrl });
          await client.connect();
          await client.query(`drop schema if exists ${schema} cascade`);
          await client.end();
        },
      };
    },
  };
}

/**
 * The databases every storage-touching test runs on: SQLite always, PostgreSQL when
 * PLUGBOARD_TEST_DATABASE_URL is set (each test database is its own schema, dropped afterwards).
 */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const url = process.env.PLUGBOARD_TEST_DATABASE_URL;
  return url ? [sqlite, postgres(url)] : [sqlite];
}
