/**
 * Cycles at scale. The Capsule sandbox runs as its own process at 0 ms (`plugboard sandbox`); the
 * partner's app is a tiny HTTP server in this process that answers 200. On PostgreSQL three
 * `plugboard serve` processes share one fresh schema; on SQLite (one process by design) the engine
 * runs in this process. Prints the figures and the machine's load, and always exits 0:
 *
 * 1. Throughput: transactions per second of a two-step cycle (poll List Parties with Backfill → an
 *    Http step to the app), from the first transaction written to the last one completed. It runs in
 *    rounds of fresh cycles: the first in processes that have just started, whose hot code V8 has not
 *    optimised yet; the later ones in the same processes, warm, which is what a running service does.
 * 2. Scheduling lag (PostgreSQL by default): with 10,000 active one-minute cycles, the p50/p99 delay
 *    from a poll's due time to its start, over the polls due after every cycle was active; a poll
 *    still waiting when the window closes counts with the wait so far.
 *
 *   npx tsx bench/cycles.ts [--database postgres://…|sqlite] [--processes 3]
 *                           [--throughput-cycles 20] [--throughput-rounds 4]
 *                           [--lag-cycles 10000] [--lag-seconds 90]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createPlugboard, type Plugboard } from '../src/app.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { CAPSULE_V2 } from '../src/connectors/capsule-v2/index.ts';
import { enqueuePoll } from '../src/domain/cycle-engine/work-scheduling.ts';
import type { Cycle } from '../src/domain/cycles/cycle.ts';
import { suppliedCredentials } from '../src/partner-api/account-connectors/auth-value.ts';
import { readNewAccount } from '../src/partner-api/accounts/account-body.ts';
import { sandboxTokens } from '../test/support/sandbox-consent.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { type Child, cpuSeconds, freePort, startNode, waitUntilServing } from './support/processes.ts';
import { printUsageWhenAsked } from './support/usage.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

printUsageWhenAsked(import.meta.filename);

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
    'throughput-rounds': { type: 'string', default: '4' },
    'lag-cycles': { type: 'string' },
    'lag-seconds': { type: 'string', default: '90' },
  },
});

const onSqlite = options.database.startsWith('sqlite');

function template(name: string, backfill: boolean, interval: number, targetUrl: string) {
  return {
    Name: name,
    Connectors: [{ Key: 'capsule', Name: 'Capsule', Version: 'v2' }],
    Settings: {
      Interval: interval,
      Backfill: backfill,
      CollectionSplitType: 'All',
      StepErrorAction: 'Retry',
    },
    Variables: [{ SystemName: 'TargetUrl', Value: targetUrl }],
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

const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')} (1/5/15 min) on ${cpus().length} cores`;

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `url` with the `application_name` its connections report to PostgreSQL. */
function withApplicationName(url: string, name: string): string {
  if (onSqlite) return url;
  const named = new URL(url);
  named.searchParams.set('application_name', name);
  return named.href;
}

/** The backend processes serving connections named `name`. */
async function backendPids(db: Plugboard['database']['db'], name: string): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where application_name = ${name}`.execute(db);
  return rows.map((row) => Number(row.pid));
}

/** CPU seconds used so far by each backend process in `pids`. */
const backendCpuSeconds = (pids: readonly number[]) =>
  new Map(pids.map((pid) => [pid, cpuSeconds(pid) ?? 0]));

/**
 * The CPU seconds backends used between two readings. A backend that ended in between loses its share,
 * but the engine's pool keeps its connections while the throughput runs (they are busy).
 */
function backendCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, used] of after) seconds += used - (before.get(pid) ?? 0);
  return seconds;
}

/** Runs `work` for 0…n-1 with at most `width` at once. */
async function inParallel(n: number, width: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

async function main(): Promise<void> {
  const children: Child[] = [];
  const database = await freshDatabase(onSqlite ? '' : options.database);
  const keys = `bench:${randomBytes(32).toString('base64')}`;
  let setup: Plugboard | undefined;
  const app = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end('{}'));
  });
  try {
    console.log(`cycles benchmark on ${onSqlite ? 'SQLite' : 'PostgreSQL'}; ${load()}`);
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const targetUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/in`;
    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const callbackUrl = 'http://127.0.0.1:9/connector/callback';
    const controlToken = randomBytes(16).toString('hex');
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
        '--control-token',
        controlToken,
      ],
      {},
    );
    children.push(sandbox);
    const control = (body?: unknown) =>
      fetch(`${sandboxUrl}/control`, {
        method: body === undefined ? 'GET' : 'PUT',
        headers: { authorization: `Bearer ${controlToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    await waitFor('the sandbox', 120_000, async () => {
      if (sandbox.process.exitCode !== null) throw new Error(`the sandbox exited:\n${sandbox.stderr()}`);
      return (await control().catch(() => null))?.ok === true;
    });
    const switched = await control({ rateLimitPerHour: 1_000_000, latencyMs: 0 });
    if (!switched.ok) throw new Error(`sandbox control: ${switched.status} ${await switched.text()}`);

    const env = {
      PLUGBOARD_DATABASE_URL: database.url,
      PLUGBOARD_ENCRYPTION_KEYS: keys,
      PLUGBOARD_LOG_LEVEL: 'error',
      PLUGBOARD_SANDBOX: 'off',
      PLUGBOARD_CYCLE_ACCOUNT_CONCURRENCY: '50',
    };
    // On SQLite the engine runs here (one process); on PostgreSQL this process only sets up and reads.
    setup = await createPlugboard({
      config: loadConfig({ ...env, PLUGBOARD_PUBLIC_URL: 'http://127.0.0.1:9' }),
      runJobs: onSqlite,
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
      allowedOutboundHosts: [new URL(targetUrl).host],
      allowPrivateAddresses: true,
    });
    const tokens = await sandboxTokens(sandboxUrl, callbackUrl);
    const authValue = JSON.stringify({
      AccessToken: tokens.access_token,
      RefreshToken: tokens.refresh_token,
      Expires: new Date(Date.now() + 24 * 3600_000).toISOString(),
    });
    const accounts = new Map<string, Promise<number>>();
    const accountFor = (index: number) => {
      const id = `bench-${index}`;
      let connector = accounts.get(id);
      if (connector === undefined) {
        connector = (async () => {
          await services.accounts.create(readNewAccount({ Id: id, Name: id }));
          const credentials = suppliedCredentials(authValue);
          return (await services.accountConnectors.install(id, CAPSULE_V2, { name: 'Capsule', credentials }))
            .id;
        })();
        accounts.set(id, connector);
      }
      return connector.then((c) => ({ id, connector: c }));
    };
    const db = setup.database.db;
    // The engine processes' connections carry a name of their own, so the CPU time of the database
    // backends serving them can be told from the others' (PostgreSQL runs a process per connection).
    const engineConnections = `plugboard-bench-${randomBytes(4).toString('hex')}`;
    const engineDatabaseUrl = withApplicationName(database.url, engineConnections);
    const processes = onSqlite ? 0 : Number(options.processes);
    for (let i = 0; i < processes; i++) {
      const port = await freePort();
      const child = startNode('plugboard', ['bin/plugboard.js', 'serve'], {
        ...env,
        PLUGBOARD_DATABASE_URL: engineDatabaseUrl,
        PLUGBOARD_PORT: String(port),
        PLUGBOARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
      });
      children.push(child);
      await waitUntilServing(child, `http://127.0.0.1:${port}/health`);
    }
    const engine = onSqlite ? 'the engine in one process (SQLite)' : `${processes} processes`;

    // 1. Throughput, in rounds: the first runs in processes that have just started (their hot code
    // not yet optimised); later rounds show what the same processes do once warm.
    const throughputCycles = Number(options['throughput-cycles']);
    const backfill = await services.templates.import(template('Throughput', true, 60, targetUrl));
    // CPU of the process(es) running the engine (not the database's): steadier than the rate on a
    // machine shared with other work.
    const engines = onSqlite
      ? [process.pid]
      : children.filter((c) => c.name === 'plugboard').map((c) => c.process.pid);
    const engineCpu = () => engines.reduce<number>((sum, pid) => sum + (cpuSeconds(pid) ?? Number.NaN), 0);
    const backendsCpu = async () =>
      backendCpuSeconds(onSqlite ? [] : await backendPids(db, engineConnections));
    const rounds = Math.max(1, Number(options['throughput-rounds']));
    for (let round = 1; round <= rounds; round++) {
      const throughputIds: { account: string; cycle: string }[] = [];
      for (let i = 0; i < throughputCycles; i++) {
        const { id, connector } = await accountFor(i);
        const cycle = await services.cycles.install(id, backfill.template.id, {
          accountConnectors: { capsule: connector },
        });
        throughputIds.push({ account: id, cycle: cycle.id });
      }
      const what = round === 1 ? 'processes just started' : 'the same processes, warm';
      console.log(
        `throughput round ${round} (${what}): ${throughputCycles} cycles installed; activating (RunOnce, Backfill)…`,
      );
      const cpuBefore = engineCpu();
      const backendsBefore = await backendsCpu();
      for (const { account, cycle } of throughputIds)
        await services.cycles.activate(account, cycle, { runOnce: true });
      await waitFor('the throughput cycles', 600_000, async () => {
        const row = await db
          .selectFrom('cycle_transactions')
          .select((eb) => [
            eb.fn.countAll<string>().as('all'),
            eb.fn.count<string>('completed_at').as('done'),
          ])
          .executeTakeFirstOrThrow();
        const active = await db.selectFrom('cycles').select('id').where('status', '=', 'Active').execute();
        return active.length === 0 && Number(row.all) > 0 && Number(row.all) === Number(row.done);
      });
      const span = await db
        .selectFrom('cycle_transactions')
        .select((eb) => [
          eb.fn.countAll<string>().as('n'),
          eb.fn.min<string>('created_at').as('first'),
          eb.fn.max<string>('completed_at').as('last'),
        ])
        .where('status', '=', 'Completed')
        .where(
          'cycle_id',
          'in',
          throughputIds.map((c) => c.cycle),
        )
        .executeTakeFirstOrThrow();
      const transactions = Number(span.n);
      const seconds = (Number(span.last) - Number(span.first)) / 1000;
      const cpuMs = ((engineCpu() - cpuBefore) * 1000) / transactions;
      const databaseCpuMs = (backendCpuBetween(backendsBefore, await backendsCpu()) * 1000) / transactions;
      const databaseCpu = onSqlite ? '' : `, database backends' CPU ${databaseCpuMs.toFixed(2)} ms`;
      console.log(
        `throughput round ${round}: ${transactions} two-step transactions in ${seconds.toFixed(1)} s = ${(transactions / seconds).toFixed(0)} transactions/s (${engine}, sandbox at 0 ms; target ≥ 500); engine CPU ${cpuMs.toFixed(2)} ms${databaseCpu} per transaction; ${load()}`,
      );
    }

    // 2. Scheduling lag with many active one-minute cycles.
    const lagCycles = Number(options['lag-cycles'] ?? (onSqlite ? 0 : 10_000));
    if (lagCycles === 0) return;
    const polling = await services.templates.import(template('Lag', false, 1, targetUrl));
    const creationStarted = Date.now();
    // One cycle per account is installed through the service; the rest are copies of it written in
    // batches, each activated the way activation does it (status, generation, first poll enqueued in
    // the same transaction): installing and activating 10,000 one by one takes far longer than the
    // measurement.
    const accountsUsed = Math.min(100, lagCycles);
    const prototypes: Cycle[] = [];
    await inParallel(accountsUsed, 4, async (i) => {
      const { id, connector } = await accountFor(i);
      prototypes[i] = await services.cycles.install(id, polling.template.id, {
        accountConnectors: { capsule: connector },
      });
    });
    const stepKeys = (await setup.stores.cycles.steps((prototypes[0] as Cycle).id)).map((s) => s.key);
    const spreadStart = Date.now() + 15_000;
    for (let start = 0; start < lagCycles; start += 500) {
      await setup.stores.transaction(async (tx) => {
        for (let i = start; i < Math.min(lagCycles, start + 500); i++) {
          const prototype = prototypes[i % accountsUsed] as Cycle;
          const now = Date.now();
          const dueAt = spreadStart + Math.floor((i / lagCycles) * 60_000);
          const cycle: Cycle = {
            ...prototype,
            id: randomUUID(),
            status: 'Active',
            intervalMinutes: 1,
            generation: 1,
            nextRunAt: dueAt,
            startTime: dueAt,
            activatedAt: now,
            createdAt: now,
            updatedAt: now,
          };
          await tx.cycles.insert(
            cycle,
            stepKeys.map((key, position) => ({ id: randomUUID(), cycleId: cycle.id, key, position })),
          );
          await enqueuePoll(tx, cycle, dueAt);
        }
      });
      if ((start + 500) % 2000 === 0 || start + 500 >= lagCycles)
        console.log(
          `  ${Math.min(lagCycles, start + 500)} cycles active (${((Date.now() - creationStarted) / 1000).toFixed(0)} s)`,
        );
    }
    const allActive = Math.max(Date.now(), spreadStart);
    const lagMs = Number(options['lag-seconds']) * 1000;
    const lagCpuFrom = { at: Date.now(), engine: engineCpu(), backends: await backendsCpu() };
    await new Promise((resolve) => setTimeout(resolve, lagMs));
    const lagCpuTo = { at: Date.now(), engine: engineCpu(), backends: await backendsCpu() };
    const windowStart = allActive + 5_000;
    const windowEnd = allActive + lagMs - 10_000;
    const measuredAt = Date.now();
    const lags = await sql<{ lag: string }>`
      select (coalesce(started_at, ${measuredAt}) - run_at) as lag from jobs
      where kind = 'cycle.poll' and run_at >= ${windowStart} and run_at <= ${windowEnd}`.execute(db);
    const waiting = await sql<{ n: string }>`
      select count(*) as n from jobs
      where kind = 'cycle.poll' and started_at is null and run_at >= ${windowStart} and run_at <= ${windowEnd}`.execute(
      db,
    );
    // CPU per poll started while the window ran: steadier than the lag when the machine is shared.
    const started = await sql<{ n: string }>`
      select count(*) as n from jobs
      where kind = 'cycle.poll' and started_at >= ${lagCpuFrom.at} and started_at <= ${lagCpuTo.at}`.execute(
      db,
    );
    const polls = Number(started.rows[0]?.n ?? 0);
    const perPoll = (seconds: number) => `${((seconds * 1000) / polls).toFixed(2)} ms`;
    const databasePerPoll = onSqlite
      ? ''
      : `, database backends' CPU ${perPoll(backendCpuBetween(lagCpuFrom.backends, lagCpuTo.backends))}`;
    const sorted = lags.rows.map((r) => Number(r.lag)).sort((a, b) => a - b);
    console.log(
      `scheduling lag over ${sorted.length} polls due in ${((windowEnd - windowStart) / 1000).toFixed(0)} s of ${lagCycles} active one-minute cycles (${engine}): p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, ${waiting.rows[0]?.n ?? 0} not started by the end (target p99 < 2000 ms); ${polls} polls started in ${((lagCpuTo.at - lagCpuFrom.at) / 1000).toFixed(0)} s, engine CPU ${perPoll(lagCpuTo.engine - lagCpuFrom.engine)}${databasePerPoll} per poll; ${load()}`,
    );
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await setup?.close();
    app.close();
    await database.drop();
  }
}

await main();
