import { expect, it } from 'vitest';
import { accountRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';
import { claimOf, testKind } from './queue-fixture.ts';

describeOnEachDatabase('WorkQueueStore contract', (fixture) => {
  it('leaves nothing behind when the enqueuing transaction rolls back', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    await expect(
      storage.stores.transaction(async (tx) => {
        await tx.workQueue.enqueue({ kind, payload: { n: 1 } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await storage.stores.workQueue.count({ kind })).toBe(0);
    await storage.stores.transaction((tx) => tx.workQueue.enqueue({ kind, payload: { n: 2 } }));
    expect(await storage.stores.workQueue.count({ kind })).toBe(1);
  });

  it('refuses a payload that does not fit the kind, and an unknown kind, inserting nothing', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    await expect(workQueue.enqueue({ kind, payload: { n: 'one' } })).rejects.toThrow(/payload\.n/);
    await expect(workQueue.enqueue({ kind, payload: { n: 1, extra: true } })).rejects.toThrow(/not enqueued/);
    await expect(workQueue.enqueue({ kind: 'no-such-kind', payload: {} })).rejects.toThrow(/no job kind/);
    expect(await workQueue.count({ kind })).toBe(0);
  });

  it('makes a repeat of an unfinished unique key a no-op, and frees the key when the job finishes', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    const first = await workQueue.enqueue({ kind, payload: { n: 1 }, uniqueKey: 'only', runAt: 1_000 });
    const again = await Promise.all([
      workQueue.enqueue({ kind, payload: { n: 2 }, uniqueKey: 'only', runAt: 1_000 }),
      workQueue.enqueue({ kind, payload: { n: 3 }, uniqueKey: 'only', runAt: 1_000 }),
    ]);
    expect(first.created).toBe(true);
    expect(again).toEqual([
      { id: first.id, created: false },
      { id: first.id, created: false },
    ]);
    const [claimed] = await workQueue.claim(claimOf([kind], 2_000));
    expect(await workQueue.enqueue({ kind, payload: { n: 4 }, uniqueKey: 'only' })).toEqual({
      id: first.id,
      created: false,
    });
    expect(await workQueue.complete({ id: first.id, epoch: claimed?.epoch ?? -1 }, 2_100)).toBe(true);
    const next = await workQueue.enqueue({ kind, payload: { n: 5 }, uniqueKey: 'only' });
    expect(next.created).toBe(true);
    expect(next.id).not.toBe(first.id);
  });

  it('enqueues many in one write, each checked, and skips those whose unique key is unfinished', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    await workQueue.enqueue({ kind, payload: { n: 1 }, uniqueKey: 'taken' });
    await expect(
      workQueue.enqueueMany([
        { kind, payload: { n: 2 } },
        { kind, payload: { n: 'three' } },
      ]),
    ).rejects.toThrow(/payload\.n/);
    expect(await workQueue.count({ kind })).toBe(1);
    const inserted = await workQueue.enqueueMany([
      { kind, payload: { n: 2 }, uniqueKey: 'taken' },
      { kind, payload: { n: 3 }, uniqueKey: 'fresh', runAt: 500 },
      { kind, payload: { n: 4 }, uniqueKey: 'fresh' },
      { kind, payload: { n: 5 }, runAt: 700 },
    ]);
    expect(inserted).toBe(2);
    const jobs = await workQueue.list({ kind, limit: 10 });
    expect(jobs.map((j) => [(j.payload as { n: number }).n, j.uniqueKey, j.runAt]).sort()).toEqual([
      [1, 'taken', expect.any(Number)],
      [3, 'fresh', 500],
      [5, null, 700],
    ]);
    expect(await workQueue.enqueueMany([])).toBe(0);
  });

  it('claims due jobs only, the highest priority first and then the earliest due', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    const enqueue = (n: number, runAt: number, priority = 0) =>
      workQueue.enqueue({ kind, payload: { n }, runAt, priority });
    await enqueue(1, 300);
    await enqueue(2, 100);
    await enqueue(3, 200, 5);
    await enqueue(4, 5_000, 9);
    const claimed = await workQueue.claim(claimOf([kind], 1_000));
    expect(claimed.map((j) => (j.payload as { n: number }).n)).toEqual([3, 2, 1]);
    expect(
      claimed.every(
        (j) =>
          j.status === 'running' && j.attempts === 1 && j.lockedBy === 'worker-a' && j.lockedUntil === 2_000,
      ),
    ).toBe(true);
    expect(await workQueue.nextRunAt([kind], 1_000)).toBe(5_000);
  });

  it('gives each job to one claimer when several claim at once', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    for (let n = 0; n < 30; n++) await workQueue.enqueue({ kind, payload: { n }, runAt: 0 });
    const claims = await Promise.all(
      ['a', 'b', 'c', 'd'].map((holder) => workQueue.claim(claimOf([kind], 1_000, { limit: 10, holder }))),
    );
    const ids = claims.flat().map((j) => j.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it("honours each kind's capacity in a claim", async () => {
    const { storage } = fixture();
    const small = testKind(storage);
    const large = testKind(storage);
    const { workQueue } = storage.stores;
    for (let n = 0; n < 4; n++) {
      await workQueue.enqueue({ kind: small, payload: { n }, runAt: 0, priority: 1 });
      await workQueue.enqueue({ kind: large, payload: { n }, runAt: 0 });
    }
    const request = claimOf([small, large], 1_000, { limit: 5 });
    const kinds = new Map(request.kinds);
    kinds.set(small, { capacity: 1, leaseMs: 1_000 });
    const claimed = await workQueue.claim({ ...request, kinds });
    expect(claimed.filter((j) => j.kind === small)).toHaveLength(1);
    expect(claimed.filter((j) => j.kind === large)).toHaveLength(4);
  });

  it('runs at most the limit of jobs sharing a concurrency key, across claimers', async () => {
    const { storage } = fixture();
    const one = testKind(storage);
    const two = testKind(storage, { concurrencyKeyLimit: 2 });
    const { workQueue } = storage.stores;
    for (let n = 0; n < 4; n++) {
      await workQueue.enqueue({ kind: one, payload: { n }, runAt: 0, concurrencyKey: 'cycle-1' });
      await workQueue.enqueue({ kind: two, payload: { n }, runAt: 0, concurrencyKey: 'account-1' });
      await workQueue.enqueue({ kind: one, payload: { n }, runAt: 0 });
    }
    const claims = await Promise.all(
      ['a', 'b', 'c'].map((holder) => workQueue.claim(claimOf([one, two], 1_000, { holder }))),
    );
    const claimed = claims.flat();
    expect(claimed.filter((j) => j.concurrencyKey === 'cycle-1')).toHaveLength(1);
    expect(claimed.filter((j) => j.concurrencyKey === 'account-1')).toHaveLength(2);
    expect(claimed.filter((j) => j.concurrencyKey === null)).toHaveLength(4);
    const running = claimed.find((j) => j.concurrencyKey === 'cycle-1');
    await workQueue.complete({ id: running?.id ?? 0, epoch: running?.epoch ?? 0 }, 1_100);
    const after = await workQueue.claim(claimOf([one, two], 1_200));
    expect(after.map((j) => j.concurrencyKey)).toEqual(['cycle-1']);
  });

  it('claims keyed and unkeyed jobs alike in the claims that follow a keyed one', async () => {
    const { storage } = fixture();
    const kind = testKind(storage, { concurrencyKeyLimit: 1 });
    const { workQueue } = storage.stores;
    for (const n of [1, 2, 3])
      await workQueue.enqueue({ kind, payload: { n }, runAt: 0, concurrencyKey: `account-of-${kind}` });
    const keyed = await workQueue.claim(claimOf([kind], 1_000, { limit: 2 }));
    expect(keyed.map((j) => (j.payload as { n: number }).n)).toEqual([1]);
    for (const n of [4, 5]) await workQueue.enqueue({ kind, payload: { n }, runAt: 0 });
    const next = await workQueue.claim(claimOf([kind], 1_100, { limit: 5 }));
    expect(next.map((j) => (j.payload as { n: number }).n)).toEqual([4, 5]);
    for (const n of [6, 7]) await workQueue.enqueue({ kind, payload: { n }, runAt: 0 });
    const unkeyed = await workQueue.claim(claimOf([kind], 1_200, { limit: 5 }));
    expect(unkeyed.map((j) => (j.payload as { n: number }).n)).toEqual([6, 7]);
  });

  it("records a keyed job's start after the finish of the job it waited for, even when its claim began before", async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    for (const n of [1, 2])
      await workQueue.enqueue({ kind, payload: { n }, runAt: 0, concurrencyKey: 'poll-1' });
    const [first] = await workQueue.claim(claimOf([kind], 1_000));
    expect(await workQueue.complete({ id: first?.id ?? 0, epoch: first?.epoch ?? 0 }, 1_100)).toBe(true);
    // The claimer read its clock (1,050) before that finish committed; it reads again once it has
    // seen the key free (1,300), and that is the start it records.
    const [second] = await workQueue.claim({ ...claimOf([kind], 1_050), clock: () => 1_300 });
    expect(second?.id).not.toBe(first?.id);
    const jobs = await workQueue.list({ kind, limit: 10 });
    expect(jobs.find((j) => j.id === second?.id)?.startedAt).toBe(1_300);
    expect(jobs.find((j) => j.id === first?.id)?.finishedAt).toBe(1_100);
  });

  it('refuses a finish by a claimer whose lease was reaped and taken over (fencing)', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    const { id } = await workQueue.enqueue({ kind, payload: { n: 1 }, runAt: 0 });
    const [stale] = await workQueue.claim(claimOf([kind], 1_000, { leaseMs: 500, holder: 'slow' }));
    expect(await workQueue.heartbeat({ id, epoch: stale?.epoch ?? 0 }, 1_900)).toBe(true);
    expect(await workQueue.reapExpired(1_800, 10)).toBe(0);
    expect(await workQueue.reapExpired(2_000, 10)).toBe(1);
    const [fresh] = await workQueue.claim(claimOf([kind], 2_000, { holder: 'quick' }));
    expect(fresh?.epoch).toBe((stale?.epoch ?? 0) + 1);
    const staleLease = { id, epoch: stale?.epoch ?? 0 };
    expect(await workQueue.heartbeat(staleLease, 9_000)).toBe(false);
    expect(await workQueue.complete(staleLease, 2_100)).toBe(false);
    expect(await workQueue.fail(staleLease, { now: 2_100, message: 'late', retryAt: null })).toBe(false);
    expect(await workQueue.snooze(staleLease, 3_000, 2_100)).toBe(false);
    expect(await workQueue.complete({ id, epoch: fresh?.epoch ?? 0 }, 2_200)).toBe(true);
    expect(await workQueue.find(id)).toMatchObject({ status: 'succeeded', attempts: 2, finishedAt: 2_200 });
  });

  it('completes many held jobs in one write, refusing each whose lease was lost', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    for (let n = 0; n < 3; n++) await workQueue.enqueue({ kind, payload: { n }, runAt: 0 });
    const [a, b, c] = await workQueue.claim(claimOf([kind], 1_000, { leaseMs: 100 }));
    const leaseOf = (job: typeof a) => ({ id: job?.id ?? 0, epoch: job?.epoch ?? 0 });
    // a and b renew their leases; c's runs out and another claimer takes it over.
    await workQueue.heartbeat(leaseOf(a), 5_000);
    await workQueue.heartbeat(leaseOf(b), 5_000);
    expect(await workQueue.reapExpired(1_200, 10)).toBe(1);
    const [taken] = await workQueue.claim(claimOf([kind], 1_300, { holder: 'worker-b' }));
    expect(taken?.id).toBe(c?.id);
    const completed = await workQueue.completeAll([leaseOf(a), leaseOf(b), leaseOf(c)], 1_400);
    expect(completed.sort((x, y) => x - y)).toEqual([a?.id, b?.id]);
    expect(await workQueue.find(a?.id ?? 0)).toMatchObject({ status: 'succeeded', finishedAt: 1_400 });
    expect(await workQueue.find(c?.id ?? 0)).toMatchObject({ status: 'running', lockedBy: 'worker-b' });
    expect(await workQueue.completeAll([leaseOf(a)], 1_500)).toEqual([]);
    expect(await workQueue.completeAll([], 1_500)).toEqual([]);
  });

  it('reaps an expired lease as a failed attempt, and as dead when no attempts are left', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    const { id } = await workQueue.enqueue({ kind, payload: { n: 1 }, runAt: 0, maxAttempts: 2 });
    await workQueue.claim(claimOf([kind], 1_000, { leaseMs: 100, holder: 'crashed-1' }));
    await workQueue.reapExpired(1_200, 10);
    const retried = await workQueue.find(id);
    expect(retried).toMatchObject({ status: 'failed', attempts: 1, runAt: 1_200, lockedBy: null });
    expect(retried?.lastError).toMatch(/lease expired: crashed-1/);
    await workQueue.claim(claimOf([kind], 1_300, { leaseMs: 100, holder: 'crashed-2' }));
    await workQueue.reapExpired(1_500, 10);
    const dead = await workQueue.find(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 2, finishedAt: 1_500 });
    expect(dead?.errors.map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('snoozes without spending an attempt', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    const { id } = await workQueue.enqueue({ kind, payload: { n: 1 }, runAt: 0 });
    const [job] = await workQueue.claim(claimOf([kind], 1_000));
    expect(await workQueue.snooze({ id, epoch: job?.epoch ?? 0 }, 5_000, 1_000)).toBe(true);
    expect(await workQueue.find(id)).toMatchObject({ status: 'queued', attempts: 0, runAt: 5_000 });
    expect(await workQueue.claim(claimOf([kind], 4_999))).toEqual([]);
    expect((await workQueue.claim(claimOf([kind], 5_000))).map((j) => j.id)).toEqual([id]);
  });

  it('retries a dead job with fresh attempts, and refuses to retry one that is not failed or dead', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    const { id } = await workQueue.enqueue({ kind, payload: { n: 1 }, runAt: 0, maxAttempts: 1 });
    const [job] = await workQueue.claim(claimOf([kind], 1_000));
    expect(await workQueue.retry(id, 1_000)).toBe('not_retryable');
    await workQueue.fail({ id, epoch: job?.epoch ?? 0 }, { now: 1_100, message: 'gave up', retryAt: null });
    expect(await workQueue.find(id)).toMatchObject({ status: 'dead', lastError: 'gave up' });
    expect(await workQueue.retry(id, 1_200)).toBe('retried');
    expect(await workQueue.find(id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      runAt: 1_200,
      finishedAt: null,
    });
    expect(await workQueue.retry(987_654, 1_200)).toBe('not_found');
  });

  it('deletes finished jobs past retention in batches, and never unfinished ones', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    for (let n = 0; n < 5; n++) await workQueue.enqueue({ kind, payload: { n }, runAt: 0 });
    // Other cases finish jobs in the same database; clear them first (finished at most at 10 s).
    await workQueue.pruneFinished(1_000_000, 1_000);
    const claimed = await workQueue.claim(claimOf([kind], 1_000, { limit: 4 }));
    for (const [index, job] of claimed.entries()) {
      await workQueue.complete({ id: job.id, epoch: job.epoch }, 2_000_000 + index);
    }
    expect(await workQueue.pruneFinished(2_000_003, 2)).toBe(2);
    expect(await workQueue.pruneFinished(2_000_003, 2)).toBe(1);
    expect(await workQueue.pruneFinished(2_000_003, 2)).toBe(0);
    expect(await workQueue.count({ kind })).toBe(2);
    expect(await workQueue.count({ kind, status: 'queued' })).toBe(1);
  });

  it("deletes an account's work with the account", async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { stores } = storage;
    await stores.accounts.insert(
      accountRow('queue-account', { name: 'Queue account', timezone: 'UTC', nextBillDate: 2 }),
    );
    await stores.workQueue.enqueue({ kind, payload: { n: 1 }, accountId: 'queue-account' });
    await stores.workQueue.enqueue({ kind, payload: { n: 2 } });
    expect(await stores.workQueue.count({ kind })).toBe(2);
    await stores.accounts.delete('queue-account');
    const left = await stores.workQueue.list({ kind, limit: 10 });
    expect(left.map((j) => j.accountId)).toEqual([null]);
  });

  it('lists newest first, filtered by status and kind, and pages by id', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { workQueue } = storage.stores;
    const ids: number[] = [];
    for (let n = 0; n < 3; n++) ids.push((await workQueue.enqueue({ kind, payload: { n } })).id);
    const page = await workQueue.list({ kind, status: 'queued', limit: 2 });
    expect(page.map((j) => j.id)).toEqual([ids[2], ids[1]]);
    expect((await workQueue.list({ kind, limit: 2, beforeId: ids[1] as number })).map((j) => j.id)).toEqual([
      ids[0],
    ]);
    expect(await workQueue.list({ kind, status: 'dead', limit: 2 })).toEqual([]);
  });
});
