/**
 * Lists, lookups and the refresh sweep at a million account connectors, against the same calls on a
 * small database. Builds each database itself with bulk inserts (PostgreSQL: `generate_series`;
 * SQLite: a recursive CTE) — 100,000 accounts, one of them with 10,000 connectors, 1,000,000 account
 * connectors and as many audit events by default — then serves it with `plugboard serve` and loads each
 * call from 10 connections. Prints p50/p99 per call for both sizes and the verdict against the targets
 * (p99 < 20 ms; a sweep pass with nothing due < 50 ms). Always exits 0: it measures, it does not judge.
 *
 *   npx tsx bench/scale.ts [--database postgres://…] [--connectors 1000000] [--accounts 100000]
 *                          [--big 10000] [--duration 4] [--connections 10]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { CAPSULE_V2 } from '../src/connectors/capsule-v2/index.ts';
import { type LoadResult, runLoad } from './support/load.ts';
import { freePort, runNode, startNode, waitUntilServing } from './support/processes.ts';

const { values: options } = parseArgs({
  options: {
    database: { type: 'string', default: process.env.PLUGBOARD_BENCH_DATABASE_URL ?? '' },
    accounts: { type: 'string', default: '100000' },
    connectors: { type: 'string', default: '1000000' },
    big: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '4' },
    connections: { type: 'string', default: '10' },
  },
});

const BIN = join(import.meta.dirname, '../bin/plugboard.js');
const P99_TARGET_MS = 20;
const SWEEP_TARGET_MS = 50;

interface Size {
  readonly label: string;
  readonly accounts: number;
  readonly connectors: number;
  readonly big: number;
}

interface BuiltDatabase {
  readonly url: string;
  readonly keys: string;
  drop(): Promise<void>;
}

async function newDatabase(postgresUrl: string, keys: string): Promise<BuiltDatabase> {
  if (!postgresUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-scale-'));
    return {
      url: `sqlite:${join(dir, 'plugboard.db')}`,
      keys,
      drop: async () => rmSync(dir, { recursive: true }),
    };
  }
  const schema = `pb_scale_${randomBytes(6).toString('hex')}`;
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

/**
 * Fills the database in a few statements: accounts `acct-1…N` (`acct-1` holds `big` connectors), the
 * other connectors spread over the remaining accounts, one audit event per connector, two properties per
 * connector of the big account, and a `next_refresh_at` in the next day for every connector (nothing due).
 */
async function build(
  database: BuiltDatabase,
  size: Size,
): Promise<{ clientId: string; clientSecret: string }> {
  const { loadConfig } = await import('../src/config/load-config.ts');
  const { openStorage } = await import('../src/storage/open-storage.ts');
  const { ApiClientService } = await import('../src/domain/api-clients/api-client-service.ts');
  const config = loadConfig({
    PLUGBOARD_DATABASE_URL: database.url,
    PLUGBOARD_ENCRYPTION_KEYS: database.keys,
  });
  const storage = await openStorage(config, Date.now());
  const db = storage.database.db;
  const postgres = storage.database.dialect === 'postgres';
  const series = (count: number) =>
    postgres
      ? sql.raw(`generate_series(1, ${count}) as g(n)`)
      : sql.raw(
          `(with recursive s(n) as (select 1 union all select n + 1 from s where n < ${count}) select n from s) as g`,
        );
  const now = Date.now();
  const started = performance.now();
  try {
    await sql`insert into accounts (id, name, created_at, next_bill_date)
      select 'acct-' || n, 'Account ' || n, cast(${now} as bigint) + n, 0 from ${series(size.accounts)}`.execute(
      db,
    );
    const rest = size.connectors - size.big;
    const others = size.accounts - 1;
    const connectorColumns = sql.raw(`account_id, connector_id, name, auth_status, credentials_version,
      refresh_token_ct, refresh_failures, created_at, updated_at, next_refresh_at`);
    const values = (account: string, name: string) =>
      sql.raw(`${account}, ${CAPSULE_V2.id}, ${name}, 'Authenticated', 1, 'sealed', 0, ${now}, ${now},
        ${now + 3_600_000} + (n % 86400) * 1000`);
    await sql`insert into account_connectors (${connectorColumns})
      select ${values("'acct-1'", "'Connector ' || n")} from ${series(size.big)}`.execute(db);
    await sql`insert into account_connectors (${connectorColumns})
      select ${values(`'acct-' || (2 + n % ${others})`, "'Connector ' || n")} from ${series(rest)}`.execute(
      db,
    );
    await sql`insert into audit_events (at, actor, action, account_id, account_connector_id, detail)
      select ${now}, 'partner', 'credentials.supplied', account_id, id, 'bench' from account_connectors`.execute(
      db,
    );
    await sql`insert into account_connector_properties (account_connector_id, name, value, created_at)
      select id, 'Region', 'eu', ${now} from account_connectors where account_id = 'acct-1'`.execute(db);
    await sql`insert into account_connector_properties (account_connector_id, name, value, created_at)
      select id, 'Plan', 'pro', ${now} from account_connectors where account_id = 'acct-1'`.execute(db);
    // Only this database's tables: a bare ANALYZE on PostgreSQL walks every schema of the database.
    for (const table of ['accounts', 'account_connectors', 'audit_events', 'account_connector_properties']) {
      await sql.raw(`analyze ${table}`).execute(db);
    }
    const client = await new ApiClientService(storage.stores.apiClients, Date.now).create('scale bench');
    process.stdout.write(
      `  built ${size.label}: ${size.accounts} accounts, ${size.connectors} connectors in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return { clientId: client.clientId, clientSecret: client.clientSecret };
  } finally {
    await storage.close();
  }
}

/** Times a sweep pass's read (`dueForRefresh`) with nothing due: the cost of a pass every minute. */
async function sweepPass(database: BuiltDatabase): Promise<{ p50: number; max: number }> {
  const { loadConfig } = await import('../src/config/load-config.ts');
  const { openStorage } = await import('../src/storage/open-storage.ts');
  const config = loadConfig({
    PLUGBOARD_DATABASE_URL: database.url,
    PLUGBOARD_ENCRYPTION_KEYS: database.keys,
  });
  const storage = await openStorage(config, Date.now());
  try {
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const started = performance.now();
      const due = await storage.stores.connectorCredentials.dueForRefresh({
        now: Date.now(),
        after: null,
        limit: 200,
      });
      times.push(performance.now() - started);
      if (due.length !== 0) throw new Error(`expected nothing due, found ${due.length}`);
    }
    times.shift();
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)] ?? 0, max: times[times.length - 1] ?? 0 };
  } finally {
    await storage.close();
  }
}

interface Measured {
  readonly name: string;
  readonly result: LoadResult;
}

async function measure(
  database: BuiltDatabase,
  size: Size,
  client: { clientId: string; clientSecret: string },
) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = startNode('plugboard', [BIN, 'serve'], {
    PLUGBOARD_DATABASE_URL: database.url,
    PLUGBOARD_ENCRYPTION_KEYS: database.keys,
    PLUGBOARD_PORT: String(port),
    PLUGBOARD_PUBLIC_URL: origin,
    PLUGBOARD_API_RATE_LIMIT: '0',
    PLUGBOARD_LOG_LEVEL: 'warn',
  });
  try {
    await waitUntilServing(server, `${origin}/health`, 60_000);
    const tokenResponse = await fetch(`${origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).toString(),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${token}`, 'x-cyclr-account': 'acct-1' };
    const firstPage = (await (
      await fetch(`${origin}/v1.0/account/connectors?pageSize=1`, { headers })
    ).json()) as { Id: number }[];
    const connectorId = firstPage[0]?.Id ?? 0;
    const latePage = Math.max(1, Math.floor(size.big / 50));
    const accountsPage = Math.max(1, Math.min(500, Math.floor(size.accounts / 50)));
    const calls: [string, string][] = [
      ['account connectors, page 1 (the account with most)', '/v1.0/account/connectors?page=1&pageSize=50'],
      [`account connectors, page ${latePage}`, `/v1.0/account/connectors?page=${latePage}&pageSize=50`],
      [`accounts, page ${accountsPage}`, `/v1.0/accounts?page=${accountsPage}&pageSize=50`],
      ['accounts, search', `/v1.0/accounts?query=${encodeURIComponent('Account 4242')}`],
      ['one account connector', `/v1.0/account/connectors/${connectorId}`],
      ['its audit events', `/v1.0/account/connectors/${connectorId}/events`],
    ];
    const measured: Measured[] = [];
    for (const [name, path] of calls) {
      const result = await runLoad({
        origin,
        request: { method: 'GET', path, headers },
        connections: Number(options.connections),
        warmupMs: 1_000,
        durationMs: Number(options.duration) * 1000,
        maxRequests: 200_000,
        expectStatus: 200,
      });
      measured.push({ name, result });
    }
    return measured;
  } finally {
    await server.stop();
  }
}

async function runSize(size: Size, keys: string) {
  const database = await newDatabase(options.database ?? '', keys);
  try {
    const client = await build(database, size);
    const sweep = await sweepPass(database);
    const calls = await measure(database, size, client);
    return { sweep, calls };
  } finally {
    await database.drop();
  }
}

async function main(): Promise<void> {
  const keys = (await runNode([BIN, 'keys', 'generate'], {})).trim();
  const large: Size = {
    label: 'large',
    accounts: Number(options.accounts),
    connectors: Number(options.connectors),
    big: Number(options.big),
  };
  const small: Size = { label: 'small', accounts: 100, connectors: 1_000, big: 100 };
  const kind = options.database ? 'PostgreSQL' : 'SQLite';
  process.stdout.write(`Scale benchmark on ${kind}, ${options.connections} connections\n`);
  const smallRun = await runSize(small, keys);
  const largeRun = await runSize(large, keys);
  const lines = [
    `| call | small p50 ms | small p99 ms | large p50 ms | large p99 ms | large req/s | target | verdict |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |`,
  ];
  for (const [i, call] of largeRun.calls.entries()) {
    const base = smallRun.calls[i]?.result;
    const r = call.result;
    const errors = r.errors > 0 ? ` (${r.errors} errors: ${r.firstError})` : '';
    lines.push(
      `| ${call.name} | ${base?.p50Ms.toFixed(1)} | ${base?.p99Ms.toFixed(1)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.throughput.toFixed(0)} | p99 < ${P99_TARGET_MS} ms | ${r.p99Ms < P99_TARGET_MS && r.errors === 0 ? 'PASS' : 'FAIL'}${errors} |`,
    );
  }
  lines.push(
    `| sweep pass, nothing due (read) | ${smallRun.sweep.p50.toFixed(2)} | ${smallRun.sweep.max.toFixed(2)} (max) | ${largeRun.sweep.p50.toFixed(2)} | ${largeRun.sweep.max.toFixed(2)} (max) | | < ${SWEEP_TARGET_MS} ms | ${largeRun.sweep.max < SWEEP_TARGET_MS ? 'PASS' : 'FAIL'} |`,
  );
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

await main();
