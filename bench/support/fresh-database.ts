/** A database for one benchmark run: a fresh SQLite file, or a fresh schema in a PostgreSQL database. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface FreshDatabase {
  /** `PLUGBOARD_DATABASE_URL` for it. */
  readonly url: string;
  /** `PLUGBOARD_ENCRYPTION_KEYS` for it. */
  readonly keys: string;
  /** Deletes the file or drops the schema. */
  drop(): Promise<void>;
}

/** SQLite when `postgresUrl` is empty; otherwise a new schema in that database, reached via `search_path`. */
export async function freshDatabase(
  postgresUrl: string,
  keys = `bench:${randomBytes(32).toString('base64')}`,
): Promise<FreshDatabase> {
  if (postgresUrl === '') {
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-bench-'));
    return {
      url: `sqlite:${join(dir, 'plugboard.db')}`,
      keys,
      drop: async () => rmSync(dir, { recursive: true }),
    };
  }
  const schema = `pb_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.href,
    keys,
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}
