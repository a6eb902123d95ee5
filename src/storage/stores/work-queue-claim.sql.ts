import { type Kysely, type Selectable, sql } from 'kysely';
import type { ClaimRequest, QueuedJob } from '../../domain/work-queue/work-queue-store.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import type { DatabaseSchema, JobRow } from '../schema.ts';
import {
  type ClaimLook,
  claimLockedCandidates,
  claimUnkeyedInOneStatement,
  findAndLockKeys,
} from './work-queue-claim-postgres.sql.ts';
import { toQueuedJob } from './work-queue-rows.ts';

type Db = Kysely<DatabaseSchema>;

interface Candidate {
  readonly id: number;
  readonly kind: string;
  readonly concurrencyKey: string | null;
  readonly concurrencyLimit: number;
}

/**
 * Runs `work` in a write transaction that holds the database's write lock from its first statement.
 * On SQLite that is `BEGIN IMMEDIATE`: claimers in other processes queue up on the lock (busy
 * timeout) instead of reading the same rows and failing to upgrade. On PostgreSQL an ordinary
 * transaction: row locks (`FOR UPDATE SKIP LOCKED`) keep claimers apart.
 */
export async function inWriteTransaction<T>(
  db: Db,
  dialect: SqlDialect,
  work: (db: Db) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(work);
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}

/**
 * The due jobs worth looking at on SQLite, best first (PostgreSQL's are found by `findAndLockKeys`).
 * Jobs whose concurrency key is already at its limit are left out here, so a busy key cannot fill the
 * batch and starve other work; the limit is checked again before anything is claimed.
 */
function candidatesOf(db: Db, now: number, kinds: string[], limit: number) {
  // SQLite reads the waiting jobs in claim order from the partial index and stops at the limit. Left
  // to itself its planner (which has no statistics) reads every waiting job through the status index
  // and sorts them all, so each claim cost as much as the backlog was long: a backlog of thousands of
  // jobs made every claim take milliseconds, on the connection the HTTP requests share.
  return (
    db
      .selectFrom(sql<Selectable<JobRow>>`jobs`.as<'j'>(sql`j indexed by jobs_ready`))
      .select(['j.id', 'j.kind', 'j.concurrency_key', 'j.concurrency_limit', 'j.priority', 'j.run_at'])
      // The partial index's own predicate, spelled with literals (SQLite uses a partial index only
      // when it can prove the query implies its predicate).
      .where(sql<boolean>`j.status in ('queued', 'failed')`)
      .where('j.run_at', '<=', now)
      .where('j.kind', 'in', kinds)
      .where((eb) =>
        eb.or([
          eb('j.concurrency_key', 'is', null),
          eb(
            eb
              .selectFrom('jobs as r')
              .select((inner) => inner.fn.countAll<number>().as('running'))
              .where('r.status', '=', 'running')
              .whereRef('r.concurrency_key', '=', 'j.concurrency_key'),
            '<',
            eb.ref('j.concurrency_limit'),
          ),
        ]),
      )
      .orderBy('j.priority', 'desc')
      .orderBy('j.run_at')
      .orderBy('j.id')
      // Exactly the limit. Rows dropped for their key come back in the pool's next claim.
      .limit(limit)
  );
}

/** Candidates for every kind, best first, found by one statement (the looks joined with UNION ALL). */
async function candidates(db: Db, request: ClaimRequest, kinds: string[]): Promise<Candidate[]> {
  const looks = looksOf(request, kinds).map(([some, limit], index) =>
    db.selectFrom(candidatesOf(db, request.now, [...some], limit).as(`look_${index}`)).selectAll(),
  );
  const [first, ...rest] = looks;
  if (!first) return [];
  const rows = await rest.reduce((all, look) => all.unionAll(look), first).execute();
  const found = rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    concurrencyKey: row.concurrency_key,
    concurrencyLimit: Number(row.concurrency_limit),
    order: [Number(row.priority), Number(row.run_at)],
  }));
  return looks.length > 1 ? found.sort(byPriority) : found;
}

const byPriority = (a: Candidate & { order: number[] }, b: Candidate & { order: number[] }) =>
  (b.order[0] ?? 0) - (a.order[0] ?? 0) || (a.order[1] ?? 0) - (b.order[1] ?? 0) || a.id - b.id;

/**
 * The looks for candidates: one for the kinds with room for the whole batch, and one per kind with
 * less room (limited to its room), so a kind at its capacity cannot crowd the batch.
 */
function looksOf(request: ClaimRequest, kinds: string[]): ClaimLook[] {
  const roomy = kinds.filter((k) => (request.kinds.get(k)?.capacity ?? 0) >= request.limit);
  const looks: ClaimLook[] = roomy.length > 0 ? [[roomy, request.limit]] : [];
  for (const kind of kinds) {
    const capacity = request.kinds.get(kind)?.capacity ?? 0;
    if (capacity < request.limit) looks.push([[kind], capacity]);
  }
  return looks;
}

/**
 * Free slots per concurrency key, counted once the keys are locked: on PostgreSQL each key's
 * transaction-scoped advisory lock, taken by the statement that found the candidates, so two
 * processes never both see the last free slot (this count, a later statement, sees every claim
 * committed before the lock was granted); on SQLite the write lock serialises claimers.
 */
async function freeSlots(db: Db, keyed: Candidate[]): Promise<Map<string, number>> {
  const limits = new Map<string, number>();
  for (const c of keyed) if (c.concurrencyKey !== null) limits.set(c.concurrencyKey, c.concurrencyLimit);
  const keys = [...limits.keys()].sort();
  if (keys.length === 0) return new Map();
  const running = await db
    .selectFrom('jobs')
    .select(['concurrency_key', (eb) => eb.fn.countAll<number>().as('running')])
    .where('status', '=', 'running')
    .where('concurrency_key', 'in', keys)
    .groupBy('concurrency_key')
    .execute();
  const busy = new Map(running.map((r) => [r.concurrency_key as string, Number(r.running)]));
  return new Map(keys.map((key) => [key, (limits.get(key) ?? 1) - (busy.get(key) ?? 0)]));
}

/** Picks, in order, the candidates the kinds' capacities and the keys' free slots allow. */
function choose(request: ClaimRequest, found: Candidate[], slots: Map<string, number>): Candidate[] {
  const capacity = new Map([...request.kinds].map(([kind, limits]) => [kind, limits.capacity]));
  const chosen: Candidate[] = [];
  for (const candidate of found) {
    if (chosen.length >= request.limit) break;
    const left = capacity.get(candidate.kind) ?? 0;
    if (left <= 0) continue;
    if (candidate.concurrencyKey !== null) {
      const free = slots.get(candidate.concurrencyKey) ?? 0;
      if (free <= 0) continue;
      slots.set(candidate.concurrencyKey, free - 1);
    }
    capacity.set(candidate.kind, left - 1);
    chosen.push(candidate);
  }
  return chosen;
}

/** What the full claim took, and whether it met jobs with a concurrency key. */
interface FullClaim {
  readonly claimed: QueuedJob[];
  readonly keyed: boolean;
}

/** The claim in one short write transaction that finds, checks (keys under their locks) and marks jobs running. */
function claimInTransaction(
  db: Db,
  dialect: SqlDialect,
  request: ClaimRequest,
  kinds: string[],
): Promise<FullClaim> {
  return inWriteTransaction(db, dialect, async (trx) => {
    if (dialect === 'postgres') {
      const locked = await findAndLockKeys(trx, request, looksOf(request, kinds));
      if (locked.length === 0) return { claimed: [], keyed: false };
      // Read after the keys' locks were granted: every job a chosen one waited for has committed its finish.
      const startedAt = request.clock ? Math.max(request.now, request.clock()) : request.now;
      return {
        claimed: await claimLockedCandidates(trx, request, locked, startedAt),
        keyed: locked.some((c) => c.concurrencyKey !== null),
      };
    }
    const found = await candidates(trx, request, kinds);
    const keyed = found.filter((c) => c.concurrencyKey !== null);
    if (found.length === 0) return { claimed: [], keyed: false };
    const slots = await freeSlots(trx, keyed);
    const chosen = choose(request, found, slots);
    // After the keys' running counts: every job a chosen one waited for has committed its finish.
    const startedAt = request.clock ? Math.max(request.now, request.clock()) : request.now;
    const byLease = new Map<number, number[]>();
    for (const c of chosen) {
      const leaseMs = request.kinds.get(c.kind)?.leaseMs ?? 30_000;
      byLease.set(leaseMs, [...(byLease.get(leaseMs) ?? []), c.id]);
    }
    const claimed: QueuedJob[] = [];
    for (const [leaseMs, ids] of byLease) {
      const rows = await trx
        .updateTable('jobs')
        .set((eb) => ({
          status: 'running',
          epoch: eb('epoch', '+', 1),
          attempts: eb('attempts', '+', 1),
          locked_by: request.holder,
          locked_until: request.now + leaseMs,
          started_at: startedAt,
        }))
        .where('id', 'in', ids)
        .returningAll()
        .execute();
      claimed.push(...rows.map(toQueuedJob));
    }
    const order = new Map(chosen.map((c, index) => [c.id, index]));
    claimed.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    return { claimed, keyed: keyed.length > 0 };
  });
}

/** The same request with the room `claimed` used up: a smaller batch, less capacity per kind. */
function remainderOf(request: ClaimRequest, claimed: readonly QueuedJob[]): ClaimRequest {
  const kinds = new Map(request.kinds);
  for (const job of claimed) {
    const limits = kinds.get(job.kind);
    if (limits) kinds.set(job.kind, { ...limits, capacity: limits.capacity - 1 });
  }
  return { ...request, limit: request.limit - claimed.length, kinds };
}

/** What a store remembers between claims: whether its last claim on PostgreSQL met keyed jobs. */
export interface ClaimMemory {
  keyedLately: boolean;
}

/**
 * The claim. On PostgreSQL the jobs without a concurrency key are claimed by one statement (one round
 * trip, no explicit transaction); only when keyed jobs were among the best candidates does the full
 * claim run for the room left. While the last claim met keyed jobs (a queue of cycle steps, each
 * keyed by its account), the full claim runs at once, which takes unkeyed jobs too: the one
 * statement would find the same jobs again and leave the keyed ones. On SQLite the full claim: the
 * write lock serialises claimers anyway, and statements cost no round trip.
 */
export async function claimJobs(
  db: Db,
  dialect: SqlDialect,
  request: ClaimRequest,
  memory: ClaimMemory,
): Promise<QueuedJob[]> {
  const kinds = [...request.kinds].filter(([, limits]) => limits.capacity > 0).map(([kind]) => kind);
  if (kinds.length === 0 || request.limit <= 0) return [];
  if (dialect !== 'postgres') return (await claimInTransaction(db, dialect, request, kinds)).claimed;
  if (memory.keyedLately) {
    const full = await claimInTransaction(db, dialect, request, kinds);
    memory.keyedLately = full.keyed;
    return full.claimed;
  }
  const quick = await claimUnkeyedInOneStatement(db, request, looksOf(request, kinds));
  if (quick.keyedLeft === 0 || quick.claimed.length >= request.limit) return quick.claimed;
  const rest = remainderOf(request, quick.claimed);
  const restKinds = [...rest.kinds].filter(([, limits]) => limits.capacity > 0).map(([kind]) => kind);
  if (restKinds.length === 0) return quick.claimed;
  const full = await claimInTransaction(db, dialect, rest, restKinds);
  memory.keyedLately = full.keyed;
  return [...quick.claimed, ...full.claimed];
}
