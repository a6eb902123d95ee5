/**
 * Webhooks in and events out, on SQLite (or PostgreSQL with `--database`), against a real
 * `plugboard serve` process:
 *
 * - **Inbound**: deliveries to `POST /webhooks/{id}` at a steady `--rate` (default 500/s) for
 *   `--duration` seconds, open loop (a request is sent on schedule whether or not earlier ones were
 *   answered, so a slow server shows as latency, not as a lower rate); p50 and p99 time to the 2xx.
 *   Then closed loop with `--connections` workers: deliveries accepted per second. The server
 *   processes what it accepts in the background while this runs; then the benchmark waits until it
 *   has processed everything and reports how fast it worked through what was left.
 * - **Server CPU**: the server's CPU time per delivery (accepting and processing it), and the
 *   machine's load average, which the latencies depend on when other work shares the machine.
 * - **Outbound**: `--events` events written to the outbox across 20 account connectors, delivered
 *   to a local receiver that answers 204; events per second from the first write to the last
 *   receipt, and whether every stream arrived in order.
 *
 * Prints the figures and the inbound target (p99 < 20 ms at 500/s); always exits 0.
 *
 *   npx tsx bench/webhooks.ts [--rate 500] [--duration 10] [--warmup 2] [--connections 32]
 *                             [--events 2000] [--database postgres://…]
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { loadConfig } from '../src/config/load-config.ts';
import { hookTokenHash, newHookToken } from '../src/domain/inbound-webhooks/hook-token.ts';
import { deliverEventJob } from '../src/domain/partner-events/deliver-event-job.ts';
import { emitPartnerEvent } from '../src/domain/partner-events/event-outbox.ts';
import { openStorage } from '../src/storage/open-storage.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { runLoad } from './support/load.ts';
import { cpuSeconds, freePort, runNode, startNode, waitUntilServing } from './support/processes.ts';
import { printUsageWhenAsked } from './support/usage.ts';

printUsageWhenAsked(import.meta.filename);

const { values: options } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    events: { type: 'string', default: '2000' },
    database: { type: 'string', default: process.env.PLUGBOARD_BENCH_DATABASE_URL ?? '' },
  },
});
const rate = Number(options.rate);
const durationMs = Number(options.duration) * 1000;
const warmupMs = Number(options.warmup) * 1000;
const eventCount = Math.min(Number(options.events), 20_000);
const STREAMS = 20;
const BODY = JSON.stringify({
  event: 'order/created',
  payload: [{ id: 1, total: '12.50', updatedAt: '2026-01-01T00:00:00Z' }],
});

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Sends `rate` requests a second for `ms`, on schedule; returns the latencies of those answered 202. */
async function paced(
  origin: string,
  path: string,
  ms: number,
): Promise<{ latencies: Float64Array; errors: number; sent: number }> {
  const pool = new Pool(origin, { connections: 128, pipelining: 1 });
  const total = Math.floor((rate * ms) / 1000);
  const latencies = new Float64Array(total);
  let answered = 0;
  let errors = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sentAt = performance.now();
    inFlight.push(
      pool
        .request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: BODY })
        .then(async (response) => {
          await response.body.text();
          if (response.statusCode === 202) latencies[answered++] = performance.now() - sentAt;
          else errors++;
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(inFlight);
  await pool.close();
  return { latencies: latencies.slice(0, answered).sort(), errors, sent: total };
}

/**
 * Waits (up to 5 minutes) until the server has processed every delivery it stored; answers how many
 * were still waiting when the wait began and how many were left at the end.
 */
async function waitForInboundBacklog(): Promise<{ atStart: number; left: number }> {
  const waiting = async () => {
    const row = await setup.database.db
      .selectFrom('inbound_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '!=', 'processed')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const atStart = await waiting();
  const deadline = Date.now() + 300_000;
  let left = atStart;
  while (left > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    left = await waiting();
  }
  return { atStart, left };
}

/**
 * SQLite: a transaction that read before the server's last commit cannot write (SQLITE_BUSY at once,
 * whatever the busy timeout); this process then simply writes the batch again.
 */
async function retryBusy<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith('SQLITE_BUSY') || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
}

const database = await freshDatabase(options.database);
const env = {
  PLUGBOARD_DATABASE_URL: database.url,
  PLUGBOARD_ENCRYPTION_KEYS: database.keys,
  PLUGBOARD_LOG_LEVEL: 'warn',
  PLUGBOARD_SANDBOX: 'off',
};
let received = 0;
const lastSeq = new Map<string, number>();
let outOfOrder = 0;
const receiver = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk) => {
    raw += chunk;
  });
  request.on('end', () => {
    const body = JSON.parse(raw) as { data: { AccountConnectorId: number; Seq: number } };
    const stream = String(body.data.AccountConnectorId);
    if ((lastSeq.get(stream) ?? 0) + 1 !== body.data.Seq) outOfOrder++;
    else lastSeq.set(stream, body.data.Seq);
    received++;
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/events`;

// The account, a hook and an endpoint, written through Plugboard's own stores before it starts.
await runNode(['bin/plugboard.js', 'migrate'], env);
const setup = await openStorage(loadConfig(env), Date.now());
// This process only writes events (the server delivers them); the kind is registered so the queue can
// check the payloads it enqueues. Its handler never runs here.
setup.jobKinds.register(
  deliverEventJob({
    stores: setup.stores,
    clock: Date.now,
    sender: { send: async () => ({ kind: 'refused', message: 'not delivered from the benchmark process' }) },
  }) as never,
);
const token = newHookToken();
const now = Date.now();
await setup.database.db
  .insertInto('accounts')
  .values({ id: 'bench', name: 'Benchmark', created_at: now, next_bill_date: now })
  .execute();
await setup.stores.inboundHooks.insertHook(
  {
    kind: 'generic',
    accountId: 'bench',
    accountConnectorId: null,
    cycleId: 'bench',
    event: null,
    providerHookId: null,
    status: 'active',
    lastError: null,
    createdAt: now,
  },
  hookTokenHash(token),
);
await setup.stores.webhookEndpoints.insert(
  {
    id: 'ep_bench',
    url: receiverUrl,
    description: null,
    eventTypes: [],
    enabled: true,
    createdAt: now,
    updatedAt: now,
  },
  `whsec_${randomBytes(32).toString('base64')}`,
);

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = startNode('plugboard', ['bin/plugboard.js', 'serve'], {
  ...env,
  PLUGBOARD_PORT: String(port),
  PLUGBOARD_PUBLIC_URL: origin,
});
try {
  await waitUntilServing(server, `${origin}/health`);
  console.error(`inbound: ${rate}/s for ${durationMs / 1000} s after ${warmupMs / 1000} s of warm-up`);
  const path = `/webhooks/${token}`;
  await paced(origin, path, warmupMs);
  const cpuBefore = cpuSeconds(server.process.pid);
  const loadBefore = loadavg()[0] ?? 0;
  const inbound = await paced(origin, path, durationMs);
  const p50 = percentile(inbound.latencies, 0.5);
  const p99 = percentile(inbound.latencies, 0.99);
  console.error('inbound, closed loop');
  const closed = await runLoad({
    origin,
    request: { method: 'POST', path, headers: { 'content-type': 'application/json' }, body: BODY },
    connections: Number(options.connections),
    warmupMs: 1000,
    durationMs: Math.min(durationMs, 5000),
    maxRequests: 200_000,
    expectStatus: 202,
  });

  // The server works through what it accepted before the outbound part starts, so the two do not
  // compete; how long that takes is the inbound processing rate.
  console.error('inbound, processing the backlog');
  const backlogStarted = performance.now();
  const backlog = await waitForInboundBacklog();
  const backlogSeconds = (performance.now() - backlogStarted) / 1000;
  // Everything the server spent on the paced deliveries: accepting, and processing them (the paced
  // part's backlog is processed by the time the closed loop and its own backlog are).
  const cpuAfter = cpuSeconds(server.process.pid);
  const loadAfter = loadavg()[0] ?? 0;

  console.error(`outbound: ${eventCount} events`);
  // Outbound: events written in batches of 50 per transaction, as many changes would write them.
  const started = performance.now();
  for (let n = 0; n < eventCount; n += 50) {
    await retryBusy(() =>
      setup.stores.transaction(async (tx) => {
        for (let k = n; k < Math.min(n + 50, eventCount); k++) {
          const stream = (k % STREAMS) + 1;
          await emitPartnerEvent(
            tx,
            {
              type: 'account_connector.degraded',
              accountId: 'bench',
              accountConnectorId: stream,
              data: { Seq: Math.floor(k / STREAMS) + 1 },
            },
            Date.now(),
          );
        }
      }),
    );
  }
  const writtenSeconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + 300_000;
  while (received < eventCount && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - started) / 1000;

  const figures = {
    database: options.database === '' ? 'sqlite' : 'postgres',
    machine: {
      cores: cpus().length,
      loadAverageBefore: Number(loadBefore.toFixed(1)),
      loadAverageAfter: Number(loadAfter.toFixed(1)),
    },
    inbound: {
      rate,
      sent: inbound.sent,
      accepted: inbound.latencies.length,
      errors: inbound.errors,
      p50Ms: Number(p50.toFixed(2)),
      p99Ms: Number(p99.toFixed(2)),
      target: 'p99 < 20 ms',
      met: p99 < 20 && inbound.errors === 0,
    },
    inboundClosedLoop: {
      connections: Number(options.connections),
      acceptedPerSecond: Math.round(closed.throughput),
      p99Ms: Number(closed.p99Ms.toFixed(2)),
      errors: closed.errors,
    },
    serverCpu: {
      msPerDelivery:
        cpuBefore === undefined || cpuAfter === undefined
          ? null
          : Number((((cpuAfter - cpuBefore) * 1000) / (inbound.sent + closed.requests)).toFixed(3)),
    },
    inboundProcessing: {
      backlogAfterLoad: backlog.atStart,
      secondsToProcessIt: Number(backlogSeconds.toFixed(2)),
      processedPerSecond: backlogSeconds > 0 ? Math.round(backlog.atStart / backlogSeconds) : null,
      notProcessed: backlog.left,
    },
    outbound: {
      events: eventCount,
      delivered: received,
      seconds: Number(seconds.toFixed(2)),
      // How long writing them took: events cannot be delivered faster than the outbox receives them.
      writtenInSeconds: Number(writtenSeconds.toFixed(2)),
      eventsPerSecond: Math.round(received / seconds),
      streams: STREAMS,
      outOfOrder,
    },
  };
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await server.stop();
  await setup.close();
  receiver.close();
  await database.drop();
}
