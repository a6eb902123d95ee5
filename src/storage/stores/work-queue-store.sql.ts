import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../domain/clock.ts';
import type { JobKindRegistry } from '../../domain/work-queue/job-kind-registry.ts';
import type {
  EnqueueRequest,
  EnqueueResult,
  JobLease,
  JobListFilter,
  WorkQueueStore,
} from '../../domain/work-queue/work-queue-store.ts';
import type { QueueSignals } from '../job-wakeups.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import { preparedOnPostgres } from '../prepared-statements.ts';
import type { DatabaseSchema } from '../schema.ts';
import { type ClaimMemory, claimJobs } from './work-queue-claim.sql.ts';
import {
  appendError,
  isUniqueViolation,
  toQueuedJob,
  trimMessage,
  UNFINISHED,
  WAITING,
} from './work-queue-rows.ts';

/** What the queue's store needs beyond the query builder. */
export interface WorkQueueContext {
  readonly dialect: SqlDialect;
  readonly kinds: JobKindRegistry;
  readonly signals: QueueSignals;
  readonly clock: Clock;
}

type Db = Kysely<DatabaseSchema>;

/** The rows a lease may change: this job, at this epoch, still running. */
function held(db: Db, lease: JobLease) {
  return db.updateTable('jobs').where('id', '=', lease.id).where('epoch', '=', lease.epoch).where(RUNNING);
}

/** `status = 'running'` with a literal, so a plan made once for any values can use the partial indexes. */
const RUNNING = sql<boolean>`status = 'running'`;

/**
 * Marks the leased jobs succeeded on PostgreSQL, each fenced by its own epoch, in a statement whose
 * text is the same for any number of jobs (arrays instead of a list of values), so it is parsed and
 * planned once per connection.
 */
async function completeAllOnPostgres(db: Db, leases: readonly JobLease[], now: number): Promise<number[]> {
  const ids = leases.map((lease) => lease.id);
  const epochs = leases.map((lease) => lease.epoch);
  // `id = any(…)` first, so any plan reads the jobs by their key.
  const compiled = sql<{ id: number }>`
    update jobs set status = 'succeeded', finished_at = ${now}::bigint, locked_by = null, locked_until = null
    where id = any(${ids}::bigint[])
      and (id, epoch) in (select * from unnest(${ids}::bigint[], ${epochs}::bigint[]))
      and status = 'running'
    returning id`.compile(db);
  const { rows } = await db.executeQuery(preparedOnPostgres(compiled));
  return rows.map((row) => Number(row.id));
}

async function changed(query: { executeTakeFirst(): Promise<{ numUpdatedRows: bigint }> }): Promise<boolean> {
  return (await query.executeTakeFirst()).numUpdatedRows > 0n;
}

type Announce = (runAt: number) => Promise<void>;

/**
 * Announces new work on `db`, once per transaction: a transaction that enqueues many jobs announces
 * only its first, and then only a job due sooner than any it announced. A wake-up makes workers look
 * for every job due by then, and they sleep no later than the next due one, so the rest need no
 * announcement of their own. Outside a transaction every enqueue commits alone and announces itself.
 */
function announcer(db: Db, context: WorkQueueContext): Announce {
  let earliestAnnounced = Number.POSITIVE_INFINITY;
  return async (runAt) => {
    if (db.isTransaction && runAt >= earliestAnnounced) return;
    await context.signals.afterEnqueue(db, runAt);
    if (db.isTransaction) earliestAnnounced = runAt;
  };
}

/** The row of a new job (its payload checked against its kind's schema). */
function jobValues(context: WorkQueueContext, request: EnqueueRequest, now: number) {
  const kind = context.kinds.get(request.kind);
  context.kinds.assertPayload(request.kind, request.payload);
  const limits = context.kinds.limits(kind as NonNullable<typeof kind>);
  return {
    kind: request.kind,
    payload: JSON.stringify(request.payload ?? null),
    status: 'queued',
    priority: request.priority ?? 0,
    run_at: request.runAt ?? now,
    unique_key: request.uniqueKey ?? null,
    account_id: request.accountId ?? null,
    concurrency_key: request.concurrencyKey ?? null,
    concurrency_limit: limits.concurrencyKeyLimit,
    max_attempts: request.maxAttempts ?? limits.maxAttempts,
    created_at: now,
  };
}

/**
 * The partial unique index's predicate, spelled with literals: SQLite matches the conflict target to
 * the index only when it can prove the two predicates equal.
 */
const UNFINISHED_UNIQUE_KEY = sql<boolean>`unique_key is not null and status in ('queued', 'running', 'failed')`;

/** Rows per multi-row insert (11 parameters each: well within both databases' limits). */
const INSERT_CHUNK = 500;

async function insertJobs(
  db: Db,
  context: WorkQueueContext,
  announce: Announce,
  requests: readonly EnqueueRequest[],
): Promise<number> {
  if (requests.length === 0) return 0;
  const now = context.clock();
  const rows = requests.map((request) => jobValues(context, request, now));
  let inserted = 0;
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const result = await db
      .insertInto('jobs')
      .values(rows.slice(start, start + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['kind', 'unique_key']).where(UNFINISHED_UNIQUE_KEY).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  if (inserted > 0) await announce(Math.min(...rows.map((row) => row.run_at)));
  return inserted;
}

async function insertJob(
  db: Db,
  context: WorkQueueContext,
  announce: Announce,
  request: EnqueueRequest,
): Promise<EnqueueResult> {
  const values = jobValues(context, request, context.clock());
  const runAt = values.run_at;
  const uniqueKey = values.unique_key;
  if (uniqueKey === null) {
    const row = await db.insertInto('jobs').values(values).returning('id').executeTakeFirstOrThrow();
    await announce(runAt);
    return { id: Number(row.id), created: true };
  }
  // A repeat of an unfinished unique key does nothing. The existing job may finish between the
  // insert and the look-up; then the insert is tried again (the key is free now).
  for (let tries = 0; tries < 3; tries++) {
    const row = await db
      .insertInto('jobs')
      .values(values)
      .onConflict((oc) => oc.columns(['kind', 'unique_key']).where(UNFINISHED_UNIQUE_KEY).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) {
      await announce(runAt);
      return { id: Number(row.id), created: true };
    }
    const existing = await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', request.kind)
      .where('unique_key', '=', uniqueKey)
      .where('status', 'in', UNFINISHED)
      .executeTakeFirst();
    if (existing) return { id: Number(existing.id), created: false };
  }
  throw new Error(`job of kind "${request.kind}" could not be enqueued: its unique key kept changing hands`);
}

/** The SQL implementation of the work queue; `db` may be a transaction (enqueue joins it). */
export function sqlWorkQueueStore(db: Db, context: WorkQueueContext): WorkQueueStore {
  const announce = announcer(db, context);
  const claimMemory: ClaimMemory = { keyedLately: false };
  return {
    enqueue: (request) => insertJob(db, context, announce, request),
    enqueueMany: (requests) => insertJobs(db, context, announce, requests),
    claim: (request) => claimJobs(db, context.dialect, request, claimMemory),
    heartbeat: (lease, lockedUntil) => changed(held(db, lease).set({ locked_until: lockedUntil })),
    async complete(lease, now) {
      const compiled = held(db, lease)
        .set({ status: 'succeeded', finished_at: now, locked_by: null, locked_until: null })
        .compile();
      // Every job's completion that is not batched (a step job's commit alone): prepared on PostgreSQL.
      const prepared = context.dialect === 'postgres' ? preparedOnPostgres(compiled) : compiled;
      return ((await db.executeQuery(prepared)).numAffectedRows ?? 0n) > 0n;
    },
    async completeAll(leases, now) {
      if (leases.length === 0) return [];
      if (context.dialect === 'postgres') return completeAllOnPostgres(db, leases, now);
      const rows = await db
        .updateTable('jobs')
        .set({ status: 'succeeded', finished_at: now, locked_by: null, locked_until: null })
        .where(
          'id',
          'in',
          leases.map((lease) => lease.id),
        )
        // Each job fenced by its own epoch (row values with IN need a subquery on SQLite, so an OR).
        .where((eb) =>
          eb.or(leases.map((lease) => eb.and([eb('id', '=', lease.id), eb('epoch', '=', lease.epoch)]))),
        )
        .where('status', '=', 'running')
        .returning('id')
        .execute();
      return rows.map((row) => Number(row.id));
    },
    async fail(lease, failure) {
      const row = await db
        .selectFrom('jobs')
        .select(['errors', 'attempts'])
        .where('id', '=', lease.id)
        .executeTakeFirst();
      if (!row) return false;
      const errors = appendError(row.errors, {
        at: failure.now,
        attempt: Number(row.attempts),
        message: failure.message,
      });
      const dead = failure.retryAt === null;
      return changed(
        held(db, lease).set({
          status: dead ? 'dead' : 'failed',
          run_at: failure.retryAt ?? failure.now,
          finished_at: dead ? failure.now : null,
          locked_by: null,
          locked_until: null,
          last_error: trimMessage(failure.message),
          errors,
        }),
      );
    },
    snooze: (lease, runAt) =>
      changed(
        held(db, lease).set((eb) => ({
          status: 'queued',
          run_at: runAt,
          attempts: eb('attempts', '-', 1),
          locked_by: null,
          locked_until: null,
        })),
      ),
    async reapExpired(now, limit) {
      const expired = await db
        .selectFrom('jobs')
        .select(['id', 'epoch', 'attempts', 'max_attempts', 'errors', 'locked_by'])
        .where('status', '=', 'running')
        .where('locked_until', '<', now)
        .limit(limit)
        .execute();
      let freed = 0;
      for (const job of expired) {
        const message = `lease expired: ${job.locked_by ?? 'its worker'} stopped renewing it (crashed or hung)`;
        const dead = Number(job.attempts) >= Number(job.max_attempts);
        const reaped = await changed(
          held(db, { id: Number(job.id), epoch: Number(job.epoch) })
            .where('locked_until', '<', now)
            .set({
              status: dead ? 'dead' : 'failed',
              run_at: now,
              finished_at: dead ? now : null,
              locked_by: null,
              locked_until: null,
              last_error: message,
              errors: appendError(job.errors, { at: now, attempt: Number(job.attempts), message }),
            }),
        );
        if (reaped) freed++;
      }
      return freed;
    },
    async pruneFinished(finishedBefore, limit) {
      const result = await db
        .deleteFrom('jobs')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where('status', 'in', ['succeeded', 'dead'])
            .where('finished_at', '<', finishedBefore)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async nextRunAt(kinds, after) {
      if (kinds.length === 0) return null;
      const row = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.min('run_at').as('next'))
        .where('status', 'in', WAITING)
        .where('run_at', '>', after)
        .where('kind', 'in', kinds)
        .executeTakeFirst();
      return row?.next === null || row?.next === undefined ? null : Number(row.next);
    },
    async find(id) {
      const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toQueuedJob(row) : undefined;
    },
    async list(filter: JobListFilter) {
      let query = db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(filter.limit);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.kind) query = query.where('kind', '=', filter.kind);
      if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
      if (filter.offset) query = query.offset(filter.offset);
      return (await query.execute()).map(toQueuedJob);
    },
    async count(filter) {
      let query = db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n'));
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.kind) query = query.where('kind', '=', filter.kind);
      return Number((await query.executeTakeFirst())?.n ?? 0);
    },
    async retry(id, now) {
      const job = await db.selectFrom('jobs').select(['status']).where('id', '=', id).executeTakeFirst();
      if (!job) return 'not_found';
      try {
        const done = await changed(
          db
            .updateTable('jobs')
            .where('id', '=', id)
            .where('status', 'in', ['failed', 'dead'])
            .set((eb) => ({
              status: 'queued',
              run_at: now,
              finished_at: null,
              attempts: eb.case().when('status', '=', 'dead').then(0).else(eb.ref('attempts')).end(),
            })),
        );
        if (done) await announce(now);
        return done ? 'retried' : 'not_retryable';
      } catch (error) {
        if (isUniqueViolation(error)) return 'duplicate';
        throw error;
      }
    },
  };
}
