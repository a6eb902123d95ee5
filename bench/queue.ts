/**
 * The work queue on SQLite (or PostgreSQL with `--database`), in this process with the real worker
 * pool and the real stores:
 *
 * - **Throughput**: `--jobs` jobs (default 5,000) enqueued due now, in transactions of 500; then a
 *   worker pool with `--concurrency` slots (default 32) runs them. Jobs per second from the pool's
 *   start to the last job's completion, and p50/p99 delay from due to started (a burst: the last
 *   jobs wait behind the first).
 * - **Pick-up**: the pool idles; `--pickups` jobs (default 200) are enqueued one at a time, each
 *   after the last has started; p50/p99 delay from due (the enqueue) to started. This is the
 *   wake-up path: `LISTEN/NOTIFY` on PostgreSQL, the in-process signal on SQLite.
 *
 * Prints the figures against the targets (≥ 2,000 jobs/s on PostgreSQL, p99 pick-up < 50 ms);
 * always exits 0.
 *
 *   npx tsx bench/queue.ts [--jobs 5000] [--concurrency 32] [--pickups 200] [--database postgres://…]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Type } from 'typebox';
import { loadConfig } from '../src/config/load-config.ts';
import type { JobWakeups } from '../src/domain/work-queue/job-wakeups.ts';
import { WorkerPool } from '../src/jobs/worker-pool.ts';
import { type OpenStorage, openStorage } from '../src/storage/open-storage.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { printUsageWhenAsked } from './support/usage.ts';

printUsageWhenAsked(import.meta.filename);

const { values: options } = parseArgs({
  options: {
    jobs: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '32' },
    pickups: { type: 'string', default: '200' },
    database: { type: 'string', default: process.env.PLUGBOARD_BENCH_DATABASE_URL ?? '' },
  },
});
const jobCount = Math.min(Number(options.jobs), 100_000);
const concurrency = Number(options.concurrency);
const pickups = Math.min(Number(options.pickups), 5_000);
const BATCH = 500;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const describeDelays = (delays: number[]) => {
  const sorted = [...delays].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms`;
};

/** Registers the bench's kind: the handler notes how long after its due time it started. */
function benchKind(storage: OpenStorage, onStart: (delayMs: number) => void): string {
  const kind = 'bench.noop';
  storage.jobKinds.register<{ due: number }>({
    kind,
    payload: Type.Object({ due: Type.Number() }, { additionalProperties: false }),
    handle: async (payload) => {
      onStart(Date.now() - payload.due);
    },
  });
  return kind;
}

function poolFor(storage: OpenStorage, wakeups: JobWakeups): WorkerPool {
  return new WorkerPool({
    stores: storage.stores,
    kinds: storage.jobKinds,
    clock: Date.now,
    log: { error: (details, message) => console.error(message, details), warn: () => {} },
    holder: `bench-${process.pid}`,
    wakeups,
    concurrency,
    retentionMs: 3_600_000,
  });
}

async function main(): Promise<void> {
  const onPostgres = options.database !== '';
  const database = await freshDatabase(options.database);
  const keys = `bench:${randomBytes(32).toString('base64')}`;
  const config = loadConfig({ PLUGBOARD_DATABASE_URL: database.url, PLUGBOARD_ENCRYPTION_KEYS: keys });
  const storage = await openStorage(config, Date.now());
  const delays: number[] = [];
  let waiting: { count: number; resolve: () => void } | null = null;
  const kind = benchKind(storage, (delay) => {
    delays.push(delay);
    if (waiting && delays.length >= waiting.count) waiting.resolve();
  });
  const startedCount = (count: number) =>
    new Promise<void>((resolve) => {
      waiting = { count, resolve };
      if (delays.length >= count) resolve();
    });
  const wakeups = storage.queueSignals.listen((error) => console.error('wake-up channel lost', error));
  const pool = poolFor(storage, wakeups);
  try {
    console.log(`work queue on ${onPostgres ? 'PostgreSQL' : 'SQLite'}; ${concurrency} worker slots`);
    const due = Date.now();
    for (let start = 0; start < jobCount; start += BATCH) {
      await storage.stores.transaction(async (tx) => {
        for (let n = start; n < Math.min(jobCount, start + BATCH); n++) {
          await tx.workQueue.enqueue({ kind, payload: { due } });
        }
      });
    }
    console.log(`  enqueued ${jobCount} jobs in ${Date.now() - due} ms`);
    const allStarted = startedCount(jobCount);
    const poolStart = Date.now();
    pool.start();
    await allStarted;
    while ((await storage.stores.workQueue.count({ kind, status: 'succeeded' })) < jobCount) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (Date.now() - poolStart) / 1000;
    const rate = jobCount / seconds;
    console.log(
      `  throughput: ${jobCount} jobs in ${seconds.toFixed(2)} s = ${Math.round(rate)} jobs/s` +
        (onPostgres ? ` (target ≥ 2,000: ${rate >= 2_000 ? 'met' : 'NOT met'})` : ''),
    );
    // Those that started after the pool did waited behind the backlog, not for the pool to start.
    console.log(`  due → started in the burst: ${describeDelays(delays.map((d) => d - (poolStart - due)))}`);

    // Measured once the wake-up channel is listening (until then only the poll finds new work).
    await wakeups.ready();
    delays.length = 0;
    for (let n = 0; n < pickups; n++) {
      const started = startedCount(n + 1);
      await storage.stores.workQueue.enqueue({ kind, payload: { due: Date.now() } });
      await started;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
    const p99 = percentile(
      [...delays].sort((a, b) => a - b),
      0.99,
    );
    console.log(
      `  pick-up with idle workers (${pickups} jobs, one at a time): ${describeDelays(delays)}` +
        ` (target p99 < 50 ms: ${p99 < 50 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await pool.stop();
    await storage.close();
    await database.drop();
  }
}

await main();
