/**
 * Cycles at scale, on PostgreSQL, with every server in its own process: the Capsule sandbox at 0 ms
 * (`plugboard sandbox`) and three `plugboard serve` processes sharing one database; the partner's app
 * is a tiny HTTP server in this process that answers 200. Prints two figures and always exits 0:
 *
 * 1. Throughput: transactions per second of a two-step cycle (poll List Parties with Backfill → an
 *    Http step to the app), from the first transaction written to the last one completed.
 * 2. Scheduling lag: with 10,000 active one-minute cycles, the p50/p99 delay from a poll's due time
 *    to its start, over the polls due after every cycle was active.
 *
 *   npx tsx bench/cycles.ts [--database postgres://…] [--processes 3] [--throughput-cycles 20]
 *                           [--lag-cycles 10000] [--lag-seconds 150]
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createPlugboard, type Plugboard } from '../src/app.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { CAPSULE_V2 } from '../src/connectors/capsule-v2/index.ts';
import { suppliedCredentials } from '../src/partner-api/account-connectors/auth-value.ts';
import { readNewAccount } from '../src/partner-api/accounts/account-body.ts';
import { sandboxTokens } from '../test/support/sandbox-consent.ts';
import { type Child, freePort, startNode, waitUntilServing } from './support/processes.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

const { values: options } = parseArgs({
  options: {
    database: {
      type: 'string',
      default:
        process.env.PLUGBOARD_BENCH_DATABASE_URL ??
        process.env.PLUGBOARD_TEST_DATABASE_URL ??
        'postgres://postgres@127.0.0.1:5432/test',
    },
    processes: { type: 'string', default: '3' },
    'throughput-cycles': { type: 'string', default: '20' },
    'lag-cycles': { type: 'string', default: '10000' },
    'lag-seconds': { type: 'string', default: '150' },
  },
});

async function freshSchema(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `pb_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.href,
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

function template(name: string, backfill: boolean, interval: number) {
  return {
    Name: name,
    Connectors: [{ Key: 'capsule', Name: 'Capsule', Version: 'v2' }],
    Settings: {
      Interval: interval,
      Backfill: backfill,
      CollectionSplitType: 'All',
      StepErrorAction: 'Retry',
    },
    Variables: [{ systemName: 'TargetUrl', value: null }],
    Steps: [
      {
        Key: 'changed',
        Kind: 'Method',
        Connector: 'capsule',
        Method: LIST_PARTIES,
        Parameters: { since: { MappingType: 'MergeField', Value: '{{LastSuccessfulRunDate}}' } },
      },
      {
        Key: 'send',
        Kind: 'Http',
        Url: { MappingType: 'Variable', Value: 'TargetUrl' },
        Fields: { capsuleId: { MappingType: 'StepData', Step: 'changed', Field: 'id' } },
      },
    ],
    Edges: [{ From: 'changed', To: 'send' }],
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main(): Promise<void> {
  const children: Child[] = [];
  const database = await freshSchema(options.database);
  const keys = `bench:${randomBytes(32).toString('base64')}`;
  let setup: Plugboard | undefined;
  const app = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end('{}'));
  });
  try {
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appPort = (app.address() as AddressInfo).port;
    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const callbackUrl = 'http://127.0.0.1:9/connector/callback';
    const sandbox = startNode(
      'sandbox',
      [
        'bin/plugboard.js',
        'sandbox',
        '--port',
        String(sandboxPort),
        '--public-url',
        sandboxUrl,
        '--redirect-uri',
        callbackUrl,
      ],
      {},
    );
    children.push(sandbox);
    await waitUntilServing(sandbox, `${sandboxUrl}/control`);
    await fetch(`${sandboxUrl}/control`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerHour: 100_000_000, latencyMs: 0 }),
    });

    const env = {
      PLUGBOARD_DATABASE_URL: database.url,
      PLUGBOARD_ENCRYPTION_KEYS: keys,
      PLUGBOARD_LOG_LEVEL: 'error',
      PLUGBOARD_SANDBOX: 'off',
      PLUGBOARD_CYCLE_ACCOUNT_CONCURRENCY: '50',
    };
    setup = await createPlugboard({
      config: loadConfig({ ...env, PLUGBOARD_PUBLIC_URL: 'http://127.0.0.1:9' }),
    });
    const { services } = setup;
    await services.connectorSetups.update(CAPSULE_V2, {
      clientId: 'capsule-sandbox-client',
      clientSecret: 'capsule-sandbox-secret',
      authoriseUrl: `${sandboxUrl}/oauth/authorise`,
      accessTokenUrl: `${sandboxUrl}/oauth/token`,
      apiBaseUrl: `${sandboxUrl}/api/v2`,
      requestsPerHour: 0,
    });
    await services.settings.update({
      allowedOutboundHosts: [`127.0.0.1:${appPort}`],
      allowPrivateAddresses: true,
    });
    const tokens = await sandboxTokens(sandboxUrl, callbackUrl);
    const authValue = JSON.stringify({
      AccessToken: tokens.access_token,
      RefreshToken: tokens.refresh_token,
      Expires: new Date(Date.now() + 24 * 3600_000).toISOString(),
    });
    const accounts = new Map<string, number>();
    const accountFor = async (index: number) => {
      const id = `bench-${index}`;
      let connector = accounts.get(id);
      if (connector === undefined) {
        await services.accounts.create(readNewAccount({ Id: id, Name: id }));
        connector = (
          await services.accountConnectors.install(id, CAPSULE_V2, {
            name: 'Capsule',
            credentials: suppliedCredentials(authValue),
          })
        ).id;
        accounts.set(id, connector);
      }
      return { id, connector };
    };
    const db = setup.database.db;
    const processes = Number(options.processes);
    const startServers = async () => {
      for (let i = 0; i < processes; i++) {
        const port = await freePort();
        const child = startNode('plugboard', ['bin/plugboard.js', 'serve'], {
          ...env,
          PLUGBOARD_PORT: String(port),
          PLUGBOARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
        });
        children.push(child);
        await waitUntilServing(child, `http://127.0.0.1:${port}/health`);
      }
    };

    // 1. Throughput.
    const throughputCycles = Number(options['throughput-cycles']);
    const backfill = await services.templates.import(template('Throughput', true, 60));
    for (let i = 0; i < throughputCycles; i++) {
      const { id, connector } = await accountFor(i);
      const cycle = await services.cycles.install(id, backfill.template.id, {
        accountConnectors: { capsule: connector },
      });
      await services.cycleEdits.setVariables(id, cycle.id, [
        { systemName: 'TargetUrl', value: `http://127.0.0.1:${appPort}/in` },
      ]);
      await services.cycles.activate(id, cycle.id, { runOnce: true });
    }
    await startServers();
    await waitFor('the throughput cycles', 600_000, async () => {
      const row = await db
        .selectFrom('cycle_transactions')
        .select((eb) => [eb.fn.countAll<string>().as('all'), eb.fn.count<string>('completed_at').as('done')])
        .executeTakeFirstOrThrow();
      const cycles = await db.selectFrom('cycles').select('status').where('status', '=', 'Active').execute();
      return cycles.length === 0 && Number(row.all) > 0 && Number(row.all) === Number(row.done);
    });
    const span = await db
      .selectFrom('cycle_transactions')
      .select((eb) => [
        eb.fn.countAll<string>().as('n'),
        eb.fn.min<string>('created_at').as('first'),
        eb.fn.max<string>('completed_at').as('last'),
      ])
      .where('status', '=', 'Completed')
      .executeTakeFirstOrThrow();
    const transactions = Number(span.n);
    const seconds = (Number(span.last) - Number(span.first)) / 1000;
    console.log(
      `throughput: ${transactions} two-step transactions in ${seconds.toFixed(1)} s = ${(transactions / seconds).toFixed(0)} transactions/s (${processes} processes, sandbox at 0 ms; target ≥ 500)`,
    );

    // 2. Scheduling lag with many active one-minute cycles.
    const lagCycles = Number(options['lag-cycles']);
    const changes = await services.templates.import(template('Lag', false, 1));
    const spreadStart = Date.now() + 5_000;
    for (let i = 0; i < lagCycles; i++) {
      const { id, connector } = await accountFor(i % 100);
      const cycle = await services.cycles.install(id, changes.template.id, {
        accountConnectors: { capsule: connector },
      });
      await services.cycleEdits.setVariables(id, cycle.id, [
        { systemName: 'TargetUrl', value: `http://127.0.0.1:${appPort}/in` },
      ]);
      await services.cycles.activate(id, cycle.id, {
        interval: 1,
        startTime: spreadStart + Math.floor((i / lagCycles) * 60_000),
      });
      if (i % 1000 === 999) console.log(`  ${i + 1} cycles active`);
    }
    const allActive = Date.now();
    const lagMs = Number(options['lag-seconds']) * 1000;
    await new Promise((resolve) => setTimeout(resolve, lagMs));
    const lags = await sql<{ lag: string }>`
      select (started_at - run_at) as lag from jobs
      where kind = 'cycle.poll' and started_at is not null and run_at >= ${allActive + 5_000} and run_at <= ${allActive + lagMs - 10_000}`.execute(
      db,
    );
    const sorted = lags.rows.map((r) => Number(r.lag)).sort((a, b) => a - b);
    console.log(
      `scheduling lag over ${sorted.length} polls of ${lagCycles} active one-minute cycles: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms (target p99 < 2000 ms)`,
    );
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await setup?.close();
    app.close();
    await database.drop();
  }
}

await main();
