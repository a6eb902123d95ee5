/**
 * A full refresh sweep for the scale benchmark: a token endpoint that answers every refresh, the
 * Capsule setup pointed at it, real credentials sealed for the connections the sweep will reach, and
 * then every connection made due at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import type { FreshDatabase } from './fresh-database.ts';
import type { LoadResult } from './load.ts';

/** A provider's token endpoint that grants every refresh; counts them. */
export interface TokenEndpoint {
  readonly url: string;
  refreshes(): number;
  close(): Promise<void>;
}

export async function startTokenEndpoint(): Promise<TokenEndpoint> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      count++;
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(
        JSON.stringify({
          access_token: `access-${count}`,
          refresh_token: `refresh-${count}`,
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oauth/token`,
    refreshes: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function withStorage<T>(
  database: FreshDatabase,
  work: (
    storage: Awaited<ReturnType<typeof import('../../src/storage/open-storage.ts').openStorage>>,
  ) => Promise<T>,
): Promise<T> {
  const { loadConfig } = await import('../../src/config/load-config.ts');
  const { openStorage } = await import('../../src/storage/open-storage.ts');
  const config = loadConfig({
    PLUGBOARD_DATABASE_URL: database.url,
    PLUGBOARD_ENCRYPTION_KEYS: database.keys,
  });
  const storage = await openStorage(config, Date.now());
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/**
 * Points Capsule's setup at `tokenUrl` and seals an access and a refresh token for the first `sealed`
 * connections by id (the order the sweep takes them in once all are due at the same instant). Nothing
 * is due yet.
 */
export async function prepareSweep(database: FreshDatabase, tokenUrl: string, sealed: number): Promise<void> {
  const { sealContext } = await import('../../src/storage/encrypted-columns.ts');
  await withStorage(database, async (storage) => {
    const now = Date.now();
    await storage.stores.connectorSetups.save({
      connectorId: CAPSULE_V2.id,
      clientId: 'scale-bench',
      clientSecret: 'scale-bench-secret',
      authoriseUrl: null,
      accessTokenUrl: tokenUrl,
      apiBaseUrl: null,
      scopes: null,
      tokenAuthMethod: null,
      issuer: null,
      requestsPerHour: 0,
      updatedAt: now,
    });
    const db = storage.database.db;
    const ring = storage.keys.ring;
    const rows = await db.selectFrom('account_connectors').select('id').orderBy('id').limit(sealed).execute();
    for (let i = 0; i < rows.length; i += 1000) {
      await db.transaction().execute(async (tx) => {
        for (const { id } of rows.slice(i, i + 1000)) {
          const seal = (column: string, token: string) =>
            ring.seal(token, sealContext('account_connectors', column, Number(id)));
          await tx
            .updateTable('account_connectors')
            .set({
              access_token_ct: seal('access_token_ct', `access-${id}`),
              refresh_token_ct: seal('refresh_token_ct', `refresh-${id}`),
              token_type: 'bearer',
              token_expires_at: now + 86_400_000,
            })
            .where('id', '=', id)
            .execute();
        }
      });
    }
  });
}

/**
 * Makes every connection due now (its token expired), vacuums the table on PostgreSQL, and moves the
 * sweep's next run to now, so the serving process starts a full pass at once instead of at its next
 * interval.
 */
export async function makeEverythingDue(database: FreshDatabase): Promise<void> {
  await withStorage(database, async (storage) => {
    const db = storage.database.db;
    const now = Date.now();
    await sql`update account_connectors set next_refresh_at = ${now}, token_expires_at = ${now - 1}`.execute(
      db,
    );
    // Time makes connections due one by one; this one statement leaves a dead version of every row
    // behind, and the autovacuum it would set off belongs to the benchmark, not to the sweep.
    if (database.url.startsWith('postgres')) await sql`vacuum analyze account_connectors`.execute(db);
    await sql`update jobs set run_at = ${now} where kind = 'token-refresh-sweep' and status in ('queued', 'failed')`.execute(
      db,
    );
  });
}

export interface SweepResult {
  readonly idle: LoadResult;
  readonly during: LoadResult;
  /** Refreshes the token endpoint granted during the loaded window, per second. */
  readonly refreshesPerSecond: number;
  /** Refreshes granted from the moment everything was due until the window closed. */
  readonly refreshes: number;
  /** Seconds from making everything due until the first refresh arrived. */
  readonly startSeconds: number;
  readonly sealed: number;
  /** The sweep with no GETs, for the same time right after. */
  readonly alone: {
    readonly refreshesPerSecond: number;
    /** The server's CPU milliseconds per refresh granted. */
    readonly cpuMsPerRefresh?: number;
    /** Rows inserted, updated or deleted in the benchmark's schema per refresh (PostgreSQL only). */
    readonly rowWritesPerRefresh?: number;
  };
}

/** Rows written in the benchmark's schema so far (PostgreSQL: `pg_stat_user_tables`); undefined on SQLite. */
async function rowWritesSoFar(database: FreshDatabase): Promise<number | undefined> {
  if (!database.url.startsWith('postgres')) return undefined;
  return withStorage(database, async (storage) => {
    const { rows } = await sql<{ n: string }>`
      select sum(n_tup_ins + n_tup_upd + n_tup_del)::text as n from pg_stat_user_tables
      where schemaname = current_schema()
    `.execute(storage.database.db);
    return Number(rows[0]?.n);
  });
}

/**
 * Loads a GET with nothing due, then makes every connection due, waits for the serving process's sweep
 * to start refreshing, and loads the same GET while it runs (the window is over long before a full
 * pass over a large database is: only the connections reached in it need real credentials).
 */
export async function sweepThroughput(options: {
  readonly database: FreshDatabase;
  readonly endpoint: TokenEndpoint;
  readonly load: (durationMs: number) => Promise<LoadResult>;
  readonly durationMs: number;
  readonly sealed: number;
  /** CPU seconds the serving process has used so far. */
  readonly cpuSeconds: () => number | undefined;
}): Promise<SweepResult> {
  const { endpoint } = options;
  const idle = await options.load(options.durationMs);
  const before = endpoint.refreshes();
  await makeEverythingDue(options.database);
  const dueAt = performance.now();
  while (endpoint.refreshes() === before) {
    if (performance.now() - dueAt > 120_000) throw new Error('the sweep did not start within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const startSeconds = (performance.now() - dueAt) / 1000;
  const windowStart = endpoint.refreshes();
  const started = performance.now();
  const during = await options.load(options.durationMs);
  const seconds = (performance.now() - started) / 1000;
  const duringRefreshes = endpoint.refreshes() - windowStart;
  // The sweep alone (the statistics lag by up to half a second).
  const aloneStart = endpoint.refreshes();
  const cpuStart = options.cpuSeconds();
  const writesStart = await rowWritesSoFar(options.database);
  const aloneStarted = performance.now();
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  const aloneRefreshes = endpoint.refreshes() - aloneStart;
  const cpuEnd = options.cpuSeconds();
  const aloneSeconds = (performance.now() - aloneStarted) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 600));
  const writesEnd = await rowWritesSoFar(options.database);
  return {
    idle,
    during,
    refreshesPerSecond: duringRefreshes / seconds,
    refreshes: endpoint.refreshes() - before,
    startSeconds,
    sealed: options.sealed,
    alone: {
      refreshesPerSecond: aloneRefreshes / aloneSeconds,
      ...(cpuStart !== undefined && cpuEnd !== undefined && aloneRefreshes > 0
        ? { cpuMsPerRefresh: ((cpuEnd - cpuStart) * 1000) / aloneRefreshes }
        : {}),
      ...(writesStart !== undefined && writesEnd !== undefined && aloneRefreshes > 0
        ? { rowWritesPerRefresh: (writesEnd - writesStart) / aloneRefreshes }
        : {}),
    },
  };
}
