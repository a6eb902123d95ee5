import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from '../config/load-config.ts';
import type { SqlDialect } from './migrations/column-types.ts';
import { migrationProvider } from './migrations/index.ts';
import type { DatabaseSchema } from './schema.ts';

export type { SqlDialect };

/** An open database: the typed query builder and the dialect it speaks. */
export interface Database {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: SqlDialect;
  /** Applies pending migrations; safe when several processes start at once. */
  migrate(): Promise<string[]>;
  /** Answers whether the database can run a query now (for `/ready`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const PG_INT8 = 20;

function openSqlite(path: string): Kysely<DatabaseSchema> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new SQLite(path);
  connection.pragma('journal_mode = WAL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  connection.pragma('synchronous = NORMAL');
  return new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: connection }) });
}

function openPostgres(url: string): Kysely<DatabaseSchema> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Times are epoch milliseconds in bigint columns: safe as JavaScript numbers.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === PG_INT8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as never,
    },
  });
  return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the database named by `PLUGBOARD_DATABASE_URL`. Does not migrate. */
export function openDatabase(location: DatabaseLocation): Database {
  const dialect: SqlDialect = location.kind;
  const db = location.kind === 'sqlite' ? openSqlite(location.path) : openPostgres(location.url);
  return {
    db,
    dialect,
    async migrate() {
      // Kysely looks for its migration tables in every schema unless told which one: a database whose
      // other schemas hold Kysely migration tables (another application, or parallel test runs) would
      // make it skip creating its own. Naming the current schema keeps the check to ours.
      const schema =
        dialect === 'postgres'
          ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
          : undefined;
      const migrator = new Migrator({
        db,
        provider: migrationProvider(dialect),
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
