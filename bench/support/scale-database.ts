import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import type { FreshDatabase } from './fresh-database.ts';

export interface Size {
  readonly label: string;
  readonly accounts: number;
  readonly connectors: number;
  readonly big: number;
}

/** The database a scale run builds into (see `freshDatabase`). */
export type BuiltDatabase = FreshDatabase;

/**
 * Fills the database in a few statements: accounts `acct-1…N` (`acct-1` holds `big` connectors), the
 * other connectors spread over the remaining accounts, one audit event per connector, two properties per
 * connector of the big account, and a `next_refresh_at` in the next day for every connector (nothing due).
 */
export async function build(
  database: BuiltDatabase,
  size: Size,
): Promise<{ clientId: string; clientSecret: string }> {
  const { loadConfig } = await import('../../src/config/load-config.ts');
  const { openStorage } = await import('../../src/storage/open-storage.ts');
  const { ApiClientService } = await import('../../src/domain/api-clients/api-client-service.ts');
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
    // PostgreSQL also vacuums them, as autovacuum soon would after bulk inserts (and the counters'
    // updates): otherwise an index-only scan still visits the heap for every row.
    const tables = [
      'accounts',
      'account_connectors',
      'audit_events',
      'account_connector_properties',
      'row_counts',
    ];
    for (const table of tables) {
      await sql.raw(postgres ? `vacuum analyze ${table}` : `analyze ${table}`).execute(db);
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
