import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type SqliteDatabase, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from '../config/load-config.ts';
import type { ChangeFeed } from '../domain/read-cache/change-feed.ts';
import { type PostgresChangeFeedOptions, postgresChangeFeed } from './change-feeds/postgres-change-feed.ts';
import { sqliteChangeFeed } from './change-feeds/sqlite-change-feed.ts';
import type { SqlDialect } from './migrations/column-types.ts';
import { migrationProvider } from './migrations/index.ts';
import { runMarkedStatementsPrepared } from './prepared-statements.ts';
import type { DatabaseSchema } from './schema.ts';
import { type SqliteCheckpointer, startSqliteCheckpointerWhenBusy } from './sqlite-checkpointer.ts';
import { guardedSqliteKysely } from './sqlite-transaction-guard.ts';

export type { SqlDialect };

/** An open database: the typed query builder and the dialect it speaks. */
export interface Database {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: SqlDialect;
  /** Applies pending migrations; safe when several processes start at once. */
  migrate(): Promise<string[]>;
  /** A feed of changed rows of the cached tables, from every process sharing this database. */
  openChangeFeed(options?: PostgresChangeFeedOptions): ChangeFeed;
  /** Answers whether the database can run a query now (for `/ready`). */
  ping(): Promise<boolean>;
  /**
   * SQLite: checkpoints the WAL from a background thread instead of in the commit that fills it, so a
   * serving process's event loop never waits for that disk flush; the thread starts once writes are
   * frequent (an idle server does without its memory). PostgreSQL: nothing to do.
   */
  checkpointInBackground(onError?: (error: unknown) => void): void;
  close(): Promise<void>;
}

const PG_INT8 = 20;

/** How many prepared statements a SQLite connection keeps (Plugboard issues a few dozen distinct queries). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The connection as Kysely sees it, with prepared statements kept by SQL text. Kysely prepares every
 * query afresh, and SQLite's parse and plan was the largest single cost of a proxied request; the same
 * few queries run on every request, so each is now prepared once per process. A statement still busy
 * with an iterator is never handed out twice.
 */
function withStatementCache(connection: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => connection.close(),
    prepare(text) {
      const cached = statements.get(text);
      if (cached && !cached.busy) {
        // Most recently used last, so the first key is the one to drop when the cache is full.
        statements.delete(text);
        statements.set(text, cached);
        return cached;
      }
      const statement = connection.prepare(text);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

/** The folder `npm start` keeps everything in by default: the only one Plugboard creates. */
const DEFAULT_SQLITE_DIRECTORY = resolve('data');

/** The SQLite database's directory does not exist (a typo must not look like an empty installation). */
export class SqliteDirectoryMissingError extends Error {
  constructor(readonly directory: string) {
    super(
      `the directory of the SQLite database, ${directory}, does not exist. Create it, or correct PLUGBOARD_DATABASE_URL (only the default ./data/ is created).`,
    );
    this.name = 'SqliteDirectoryMissingError';
  }
}

function ensureSqliteDirectory(path: string): void {
  if (path === ':memory:') return;
  const directory = resolve(dirname(path));
  if (existsSync(directory)) return;
  if (directory !== DEFAULT_SQLITE_DIRECTORY) throw new SqliteDirectoryMissingError(directory);
  mkdirSync(directory, { recursive: true });
}

function openSqlite(path: string): { db: Kysely<DatabaseSchema>; connection: SQLite.Database } {
  ensureSqliteDirectory(path);
  const connection = new SQLite(path);
  connection.pragma('journal_mode = WAL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  connection.pragma('synchronous = NORMAL');
  return {
    db: guardedSqliteKysely<DatabaseSchema>({ database: withStatementCache(connection) }),
    connection,
  };
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
  pool.on('connect', runMarkedStatementsPrepared);
  return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
}

/** The schema unqualified table names resolve to (the first of `search_path` that exists). */
async function currentSchema(db: Kysely<DatabaseSchema>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/** Opens the database named by `PLUGBOARD_DATABASE_URL`. Does not migrate. */
export function openDatabase(location: DatabaseLocation): Database {
  const dialect: SqlDialect = location.kind;
  const sqlite = location.kind === 'sqlite' ? openSqlite(location.path) : null;
  const db =
    location.kind === 'sqlite' && sqlite ? sqlite.db : openPostgres((location as { url: string }).url);
  let checkpointer: SqliteCheckpointer | null = null;
  return {
    db,
    dialect,
    async migrate() {
      // Kysely looks for its migration tables in every schema unless told which one, so another
      // schema of the same PostgreSQL database that holds them (a second installation, a test run)
      // would make it skip creating its own. Pin them to the schema this connection writes to.
      const migrationTableSchema = dialect === 'postgres' ? await currentSchema(db) : undefined;
      const migrator = new Migrator({
        db,
        provider: migrationProvider(dialect),
        ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    openChangeFeed(options) {
      return sqlite
        ? sqliteChangeFeed(sqlite.connection)
        : postgresChangeFeed((location as { url: string }).url, options);
    },
    checkpointInBackground(onError) {
      if (!sqlite || checkpointer || location.kind !== 'sqlite' || location.path === ':memory:') return;
      checkpointer = startSqliteCheckpointerWhenBusy(sqlite.connection, location.path, onError);
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await checkpointer?.close();
      await db.destroy();
    },
  };
}
