import { expect, it } from 'vitest';
import { PermanentJobError } from '../../src/domain/work-queue/job-kind.ts';
import type { JobLog } from '../../src/jobs/job-execution.ts';
import { WorkerPool } from '../../src/jobs/worker-pool.ts';
import type { OpenStorage } from '../../src/storage/open-storage.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';
import { testKind } from './queue-fixture.ts';

function recordingLog() {
  const lines: string[] = [];
  const log: JobLog = {
    error: (_details, message) => lines.push(`error: ${message}`),
    warn: (_details, message) => lines.push(`warn: ${message}`),
  };
  return { log, lines };
}

function poolFor(storage: OpenStorage, clock: () => number, log: JobLog, options = {}) {
  return new WorkerPool({
    stores: storage.stores,
    kinds: storage.jobKinds,
    clock,
    log,
    holder: 'pool-test',
    retentionMs: 60_000,
    random: () => 0.5,
    ...options,
  });
}

describeOnEachDatabase('WorkerPool on the queue', (fixture) => {
  it('retries a failing job after exponential backoff, then gives up as dead with its errors kept', async () => {
    const { storage } = fixture();
    let now = 1_000_000;
    let calls = 0;
    const kind = testKind(storage, {
      maxAttempts: 3,
      handle: async () => {
        calls++;
        throw new Error(`provider down (${calls})`);
      },
    });
    const { id } = await storage.stores.workQueue.enqueue({ kind, payload: { n: 1 }, runAt: now });
    const { log, lines } = recordingLog();
    const pool = poolFor(storage, () => now, log);
    expect(await pool.runDueJobs()).toBe(1);
    expect(await storage.stores.workQueue.find(id)).toMatchObject({ status: 'failed', runAt: now + 5_000 });
    expect(await pool.runDueJobs()).toBe(0);
    now += 5_000;
    await pool.runDueJobs();
    expect(await storage.stores.workQueue.find(id)).toMatchObject({ status: 'failed', runAt: now + 10_000 });
    now += 10_000;
    await pool.runDueJobs();
    const dead = await storage.stores.workQueue.find(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastError: 'provider down (3)' });
    expect(dead?.errors.map((e) => e.message)).toEqual([
      'provider down (1)',
      'provider down (2)',
      'provider down (3)',
    ]);
    expect(lines.filter((l) => l.includes('will be retried'))).toHaveLength(2);
    expect(lines.at(-1)).toBe('warn: job failed and is dead');
  });

  it('sends a permanent failure straight to dead', async () => {
    const { storage } = fixture();
    const kind = testKind(storage, {
      handle: async () => {
        throw new PermanentJobError('the connector was deleted');
      },
    });
    const { id } = await storage.stores.workQueue.enqueue({ kind, payload: { n: 1 } });
    await poolFor(storage, Date.now, recordingLog().log).runDueJobs();
    expect(await storage.stores.workQueue.find(id)).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('snoozes on request without spending an attempt', async () => {
    const { storage } = fixture();
    const now = 5_000_000;
    let calls = 0;
    const kind = testKind(storage, {
      handle: async () => (++calls === 1 ? { snoozeUntil: now + 30_000, reason: 'Retry-After' } : undefined),
    });
    const { id } = await storage.stores.workQueue.enqueue({ kind, payload: { n: 1 }, runAt: now });
    await poolFor(storage, () => now, recordingLog().log).runDueJobs();
    expect(await storage.stores.workQueue.find(id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      runAt: now + 30_000,
    });
  });

  it("lands a job's effects and its completion together in commit, and refuses a commit after lease loss", async () => {
    const { storage } = fixture();
    const followUp = testKind(storage);
    const kind = testKind(storage, {
      handle: async (payload, context) => {
        await context.commit((tx) => tx.workQueue.enqueue({ kind: followUp, payload: { n: payload.n + 1 } }));
      },
    });
    const { id } = await storage.stores.workQueue.enqueue({ kind, payload: { n: 1 } });
    await poolFor(storage, Date.now, recordingLog().log).runDueJobs();
    expect(await storage.stores.workQueue.find(id)).toMatchObject({ status: 'succeeded' });
    const [next] = await storage.stores.workQueue.list({ kind: followUp, limit: 5 });
    expect(next?.payload).toEqual({ n: 2 });

    // A handler whose lease was taken over: its commit rolls back, the effect is not written.
    const stale = testKind(storage, {
      handle: async (payload, context) => {
        await storage.database.db
          .updateTable('jobs')
          .set((eb) => ({ epoch: eb('epoch', '+', 1) }))
          .where('id', '=', context.jobId)
          .execute();
        await context.commit(async (tx) => {
          await tx.workQueue.enqueue({ kind: followUp, payload: { n: payload.n } });
        });
      },
    });
    const { id: staleId } = await storage.stores.workQueue.enqueue({ kind: stale, payload: { n: 99 } });
    const { log, lines } = recordingLog();
    await poolFor(storage, Date.now, log).runDueJobs();
    expect(await storage.stores.workQueue.count({ kind: followUp })).toBe(1);
    expect((await storage.stores.workQueue.find(staleId))?.status).toBe('running');
    expect(lines).toContain('warn: job lost its lease; another process will finish it');
  });

  it("runs a commit's lockFirst before marking the job, and its work after, so the work may enqueue the job's successor", async () => {
    const { storage } = fixture();
    const seen: string[] = [];
    const kind = testKind(storage, {
      handle: async (payload, context) => {
        const statusNow = async (tx: typeof storage.stores) =>
          seen.push(`${payload.n}: ${(await tx.workQueue.find(context.jobId))?.status}`);
        await context.commit(
          async (tx) => {
            await statusNow(tx);
            if (payload.n < 2)
              await tx.workQueue.enqueue({ kind, payload: { n: payload.n + 1 }, uniqueKey: 'one' });
          },
          { lockFirst: statusNow },
        );
      },
    });
    await storage.stores.workQueue.enqueue({ kind, payload: { n: 1 }, uniqueKey: 'one' });
    await poolFor(storage, Date.now, recordingLog().log).runDueJobs();
    expect(seen).toEqual(['1: running', '1: succeeded', '2: running', '2: succeeded']);
  });

  it('commits jobs finishing together in one shared transaction, failing only the job whose work throws', async () => {
    const { storage } = fixture();
    const followUp = testKind(storage);
    const transactionsSeen = new Set<unknown>();
    const kind = testKind(storage, {
      maxAttempts: 1,
      handle: async (payload, context) => {
        await context.commit(
          async (tx) => {
            transactionsSeen.add(tx);
            await tx.workQueue.enqueue({ kind: followUp, payload: { n: payload.n } });
            if (payload.n === 3) throw new Error('work of job 3 fails');
          },
          { shareTransaction: true },
        );
      },
    });
    const ids: number[] = [];
    for (let n = 1; n <= 5; n++)
      ids.push((await storage.stores.workQueue.enqueue({ kind, payload: { n } })).id);
    await poolFor(storage, Date.now, recordingLog().log, { concurrency: 5 }).runDueJobs();
    const statuses = await Promise.all(
      ids.map(async (id) => (await storage.stores.workQueue.find(id))?.status),
    );
    expect(statuses).toEqual(['succeeded', 'succeeded', 'dead', 'succeeded', 'succeeded']);
    const written = await storage.stores.workQueue.list({ kind: followUp, limit: 10 });
    expect(written.map((job) => (job.payload as { n: number }).n).sort()).toEqual([1, 2, 4, 5]);
    // The five tried one shared transaction first, then (after job 3's failure) each its own.
    expect(transactionsSeen.size).toBe(6);

    // A job whose lease was taken over meanwhile: its work is not written, the others' is.
    const stale = testKind(storage, {
      handle: async (payload, context) => {
        if (payload.n === 7)
          await storage.database.db
            .updateTable('jobs')
            .set((eb) => ({ epoch: eb('epoch', '+', 1) }))
            .where('id', '=', context.jobId)
            .execute();
        await context.commit((tx) => tx.workQueue.enqueue({ kind: followUp, payload: { n: payload.n } }), {
          shareTransaction: true,
        });
      },
    });
    for (const n of [6, 7, 8]) await storage.stores.workQueue.enqueue({ kind: stale, payload: { n } });
    const { log, lines } = recordingLog();
    await poolFor(storage, Date.now, log, { concurrency: 3 }).runDueJobs();
    const after = await storage.stores.workQueue.list({ kind: followUp, limit: 10 });
    expect(after.map((job) => (job.payload as { n: number }).n).sort()).toEqual([1, 2, 4, 5, 6, 8]);
    expect(lines).toContain('warn: job lost its lease; another process will finish it');
  });

  it('sends a job whose stored payload no longer fits its kind to dead, with a clear error', async () => {
    const { storage } = fixture();
    let ran = false;
    const kind = testKind(storage, {
      handle: async () => {
        ran = true;
      },
    });
    const { id } = await storage.stores.workQueue.enqueue({ kind, payload: { n: 1 } });
    await storage.database.db
      .updateTable('jobs')
      .set({ payload: '{"n":"one"}' })
      .where('id', '=', id)
      .execute();
    await poolFor(storage, Date.now, recordingLog().log).runDueJobs();
    expect(ran).toBe(false);
    const dead = await storage.stores.workQueue.find(id);
    expect(dead?.status).toBe('dead');
    expect(dead?.lastError).toMatch(/payload does not match the schema of job kind "test-.*": payload\.n/);
  });

  it('picks up a newly enqueued job promptly when started, and releases unfinished work on stop', async () => {
    const { storage } = fixture();
    const started: number[] = [];
    const kind = testKind(storage, {
      handle: async (payload, context) => {
        started.push(payload.n);
        if (payload.n === 2)
          await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      },
    });
    const wakeups = storage.queueSignals.listen(() => undefined);
    const pool = poolFor(storage, Date.now, recordingLog().log, {
      wakeups,
      pollMs: 60_000,
      stopTimeoutMs: 200,
    });
    pool.start();
    await wakeups.ready();
    // The pool's first look (at start) finds nothing; from here only a wake-up can start the job.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const first = await storage.stores.workQueue.enqueue({ kind, payload: { n: 1 } });
    const deadline = Date.now() + 5_000;
    while (started.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([1]);
    const second = await storage.stores.workQueue.enqueue({ kind, payload: { n: 2 } });
    while (started.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([1, 2]);
    await pool.stop();
    expect((await storage.stores.workQueue.find(first.id))?.status).toBe('succeeded');
    expect(await storage.stores.workQueue.find(second.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });
});
