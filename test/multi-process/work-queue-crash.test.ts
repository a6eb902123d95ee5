/**
 * Three real worker processes on one PostgreSQL schema run 1,000 jobs (by default) while processes are SIGKILLed
 * at random and restarted. Every job completes, no job's effect is recorded twice (each handler
 * writes it with `commit`, in the transaction that marks the job succeeded), and no job stays
 * running long past its lease.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { type OpenStorage, openStorage } from '../../src/storage/open-storage.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { TEST_KEYS } from '../support/test-plugboard.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures/run-queue-worker.ts');
// 5,000 jobs do not finish within the time budget on a busy two-core machine (about 30 jobs/s there
// with kills and restarts); PLUGBOARD_QUEUE_CRASH_JOBS=5000 runs the full count.
const JOBS = Number(process.env.PLUGBOARD_QUEUE_CRASH_JOBS ?? 1_000);
const KILLS = 3;
const WORKERS = 3;
// The fixture's job kinds (its lease is 2 s and its reaper runs every 250 ms).
const JOB_KIND = 'crash-test.work';
const EFFECT_KIND = 'crash-test.effect';
const postgres = testDatabaseKinds().find((kind) => kind.kind === 'postgres');

interface Worker {
  readonly child: ChildProcess;
  output: string;
}

/** Starts a worker and waits for its ready line (starting compiles the sources: slow on a busy machine). */
function startWorker(database: TestDatabase, name: string): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: join(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      PLUGBOARD_DATABASE_URL: database.url,
      PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
      PLUGBOARD_LOG_LEVEL: 'silent',
      QUEUE_WORKER_NAME: name,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker: Worker = { child, output: '' };
  child.stderr?.on('data', (chunk) => {
    worker.output += chunk;
  });
  return new Promise<Worker>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker ${name} did not start:\n${worker.output}`)),
      60_000,
    );
    child.stdout?.on('data', (chunk) => {
      worker.output += chunk;
      if (worker.output.includes('ready')) {
        clearTimeout(timer);
        resolve(worker);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker ${name} exited (${code ?? signal}) before it was ready:\n${worker.output}`));
    });
  });
}

function kill(worker: Worker): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
  worker.child.kill('SIGKILL');
  return exited;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgres)('the work queue across three processes with SIGKILLs [postgres]', () => {
  let database: TestDatabase;
  let storage: OpenStorage;
  const workers: (Worker | null)[] = [];
  const all: Worker[] = [];

  beforeAll(async () => {
    database = await (postgres as NonNullable<typeof postgres>).create();
    storage = await openStorage(
      loadConfig({ PLUGBOARD_DATABASE_URL: database.url, PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS }),
      Date.now(),
    );
    // Registered here only so the payloads are checked on enqueue; this process runs no jobs.
    const payload = Type.Object({ n: Type.Integer() }, { additionalProperties: false });
    storage.jobKinds.register({ kind: JOB_KIND, payload, handle: async () => undefined });
    storage.jobKinds.register({ kind: EFFECT_KIND, payload, handle: async () => undefined });
    for (let start = 0; start < JOBS; start += 500) {
      await storage.stores.transaction(async (tx) => {
        for (let n = start; n < Math.min(JOBS, start + 500); n++) {
          await tx.workQueue.enqueue({ kind: JOB_KIND, payload: { n } });
        }
      });
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(all.map(kill));
    await storage?.close();
    await database?.drop();
  });

  it('completes every job exactly once, none stuck past its lease, while processes die', async () => {
    const db = storage.database.db;
    const started = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) => startWorker(database, `worker-${i}`)),
    );
    for (const worker of started) {
      workers.push(worker);
      all.push(worker);
    }
    const counts = async () => {
      const rows = await db
        .selectFrom('jobs')
        .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
        .where('kind', '=', JOB_KIND)
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    };
    // A running job whose lease ran out is freed by the next reap; allow it a generous while.
    const overdue = async () => {
      const row = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('kind', '=', JOB_KIND)
        .where('status', '=', 'running')
        .where('locked_until', '<', Date.now() - 3_000)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };

    let kills = 0;
    const restarts: Promise<void>[] = [];
    const deadline = Date.now() + 100_000;
    let done = 0;
    let worstOverdue = 0;
    while (Date.now() < deadline) {
      await sleep(400 + Math.floor(Math.random() * 800));
      done = (await counts()).succeeded ?? 0;
      worstOverdue = Math.max(worstOverdue, await overdue());
      console.log(new Date().toISOString(), JSON.stringify(await counts()), kills);
      if (done >= JOBS) break;
      const alive = workers.map((w, i) => [w, i] as const).filter(([w]) => w !== null);
      // One kill at a time: the next comes once the last victim's successor is up.
      if (alive.length < WORKERS || kills >= KILLS) continue;
      const [victim, index] = alive[Math.floor(Math.random() * alive.length)] as [Worker, number];
      workers[index] = null;
      kills++;
      await kill(victim);
      restarts.push(
        startWorker(database, `worker-${index}-${kills}`).then((worker) => {
          all.push(worker);
          workers[index] = worker;
        }),
      );
    }
    await Promise.all(restarts);

    expect(done, `succeeded jobs; by status ${JSON.stringify(await counts())}`).toBe(JOBS);
    expect(kills).toBeGreaterThanOrEqual(1);
    expect(worstOverdue).toBe(0);
    const stillRunning = await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', JOB_KIND)
      .where('status', '<>', 'succeeded')
      .execute();
    expect(stillRunning).toEqual([]);
    const effects = await sql<{ n: number; times: number }>`
      select (payload::jsonb ->> 'n')::int as n, count(*)::int as times from jobs
      where kind = ${EFFECT_KIND} group by 1`.execute(db);
    expect(effects.rows).toHaveLength(JOBS);
    expect(effects.rows.filter((row) => row.times !== 1)).toEqual([]);
    const ns = new Set(effects.rows.map((row) => row.n));
    expect(ns.size).toBe(JOBS);
    expect(Math.min(...ns)).toBe(0);
    expect(Math.max(...ns)).toBe(JOBS - 1);
    // Some jobs were in flight at a kill and were taken over after their lease ran out.
    const retaken = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('kind', '=', JOB_KIND)
      .where('epoch', '>', 1)
      .executeTakeFirstOrThrow();
    console.log(`work-queue crash test: ${JOBS} jobs, ${kills} kills, ${retaken.n} jobs claimed again`);
    for (const worker of all) expect(worker.output).not.toMatch(/failed|could not/);
  }, 170_000);
});
