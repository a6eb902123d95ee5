import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { ClaimRequest, QueuedJob } from '../../domain/work-queue/work-queue-store.ts';
import { literalList, preparedOnPostgres } from '../prepared-statements.ts';
import type { DatabaseSchema, JobRow } from '../schema.ts';
import { toQueuedJob, WAITING } from './work-queue-rows.ts';

type Db = Kysely<DatabaseSchema>;

/** One look for due jobs: these kinds, at most `limit` of them. */
export type ClaimLook = readonly [kinds: readonly string[], limit: number];

/** What the one-statement claim took, and how many keyed candidates it had to leave for the full claim. */
export interface QuickClaim {
  readonly claimed: QueuedJob[];
  readonly keyedLeft: number;
}

function lookSql(look: ClaimLook, now: number): RawBuilder<unknown> {
  const [kinds, limit] = look;
  // The statuses are literals, so a plan made once for any values still reads the ready-jobs index; the
  // kinds are one array, so the text is the same for any number of them.
  return sql`select j.id, j.kind, j.concurrency_key, j.concurrency_limit, j.priority, j.run_at from jobs j
    where j.status in (${literalList(WAITING)}) and j.run_at <= ${now}::bigint and j.kind = any(${kinds}::text[])
      and (j.concurrency_key is null
        or (select count(*) from jobs r where r.status = 'running' and r.concurrency_key = j.concurrency_key)
          < j.concurrency_limit)
    order by j.priority desc, j.run_at, j.id
    limit ${limit}::int
    for update skip locked`;
}

function looksSql(request: ClaimRequest, looks: readonly ClaimLook[]) {
  const ctes = sql.join(
    looks.map(
      (look, index) => sql`${sql.id(`look_${index}`)} as materialized (${lookSql(look, request.now)})`,
    ),
  );
  const merged = sql.join(
    looks.map((_, index) => sql`select * from ${sql.id(`look_${index}`)}`),
    sql` union all `,
  );
  return { ctes, merged };
}

/** A due job the full claim found and locked, with its concurrency key (if any) locked too. */
export interface LockedCandidate {
  readonly id: number;
  readonly kind: string;
  readonly concurrencyKey: string | null;
  readonly concurrencyLimit: number;
}

/**
 * The full claim's first statement on PostgreSQL, inside its transaction: the looks lock their best
 * due jobs (`FOR UPDATE SKIP LOCKED`), and the same statement takes the transaction-scoped advisory
 * lock of each of their concurrency keys, in sorted order so two claimers cannot deadlock. The keys'
 * running jobs must be counted by a later statement (which sees every claim committed before the
 * locks were granted); finding and locking used to be two statements, each a round trip.
 */
export async function findAndLockKeys(
  trx: Db,
  request: ClaimRequest,
  looks: readonly ClaimLook[],
): Promise<LockedCandidate[]> {
  const { ctes, merged } = looksSql(request, looks);
  const compiled = sql<{
    id: number;
    kind: string;
    concurrency_key: string | null;
    concurrency_limit: number;
  }>`
    with ${ctes},
    found as materialized (${merged} order by priority desc, run_at, id limit ${request.limit}::int),
    key_locks as materialized (
      select count(pg_advisory_xact_lock(hashtextextended(k, 0))) as taken
      from (select distinct concurrency_key as k from found where concurrency_key is not null order by 1) keys
    )
    select found.id, found.kind, found.concurrency_key, found.concurrency_limit
    from found cross join key_locks
    order by found.priority desc, found.run_at, found.id`.compile(trx);
  // Every claim of keyed jobs runs it: parsed and planned once per connection.
  const { rows } = await trx.executeQuery(preparedOnPostgres(compiled));
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    concurrencyKey: row.concurrency_key,
    concurrencyLimit: Number(row.concurrency_limit),
  }));
}

/**
 * The full claim's second statement on PostgreSQL, inside its transaction after `findAndLockKeys`:
 * counts the running jobs of the candidates' concurrency keys (this statement's snapshot sees every
 * claim committed before the keys' locks were granted) and marks running, in the same statement, the
 * candidates their keys have room for, in order (the first `limit − running` of each key; jobs without
 * a key always). The candidates are within the kinds' capacities already (each look fetches at most
 * its kinds' room). Counting and marking used to be two statements, each a round trip.
 */
export async function claimLockedCandidates(
  trx: Db,
  request: ClaimRequest,
  candidates: readonly LockedCandidate[],
  startedAt: number,
): Promise<QueuedJob[]> {
  const leaseOf = (kind: string) => request.kinds.get(kind)?.leaseMs ?? 30_000;
  const compiled = sql<Selectable<JobRow> & { position: number }>`
    with candidate as (
      select c.*, row_number() over (partition by c.concurrency_key order by c.position) as rank,
        last_value(c.concurrency_limit) over (partition by c.concurrency_key order by c.position
          rows between unbounded preceding and unbounded following) as key_limit
      from unnest(${candidates.map((c) => c.id)}::bigint[], ${candidates.map((c) => c.concurrencyKey)}::text[],
        ${candidates.map((c) => c.concurrencyLimit)}::int[], ${candidates.map((c) => request.now + leaseOf(c.kind))}::bigint[])
        with ordinality as c(id, concurrency_key, concurrency_limit, locked_until, position)),
    running as (
      select concurrency_key, count(*) as n from jobs
      where status = 'running' and concurrency_key in (select concurrency_key from candidate)
      group by concurrency_key),
    chosen as (
      select c.id, c.locked_until, c.position from candidate c
      left join running r on r.concurrency_key = c.concurrency_key
      where c.concurrency_key is null or c.rank <= c.key_limit - coalesce(r.n, 0))
    update jobs set status = 'running', epoch = jobs.epoch + 1, attempts = jobs.attempts + 1,
      locked_by = ${request.holder}::text, locked_until = chosen.locked_until, started_at = ${startedAt}::bigint
    from chosen where jobs.id = chosen.id
    returning jobs.*, chosen.position`.compile(trx);
  const { rows } = await trx.executeQuery(preparedOnPostgres(compiled));
  return [...rows].sort((a, b) => Number(a.position) - Number(b.position)).map(toQueuedJob);
}

/**
 * The claim on PostgreSQL in one statement and one round trip, as River and Oban fetch: each look
 * locks its best due jobs (`FOR UPDATE SKIP LOCKED`, so concurrent claimers take disjoint rows and
 * never wait), the looks are merged best first up to the batch limit, and the jobs without a
 * concurrency key among them are marked running (epoch + 1, attempts + 1, the kind's lease) by the
 * same statement. Keyed jobs need their key's lock and a recount first, so they are left alone and
 * counted: when there are any, the caller runs the full claim for the remaining room.
 */
export async function claimUnkeyedInOneStatement(
  db: Db,
  request: ClaimRequest,
  looks: readonly ClaimLook[],
): Promise<QuickClaim> {
  const { now, holder } = request;
  const lockedUntil = sql.join(
    [...request.kinds].map(([kind, { leaseMs }]) => sql`when ${kind} then ${now + leaseMs}::bigint`),
    sql` `,
  );
  const { ctes, merged } = looksSql(request, looks);
  const compiled = sql<Selectable<JobRow> & { keyed_left: number }>`
    with ${ctes},
    found as materialized (${merged} order by priority desc, run_at, id limit ${request.limit}::int),
    claimed as (
      update jobs set status = 'running', epoch = jobs.epoch + 1, attempts = jobs.attempts + 1,
        locked_by = ${holder}, locked_until = case jobs.kind ${lockedUntil} end, started_at = ${now}::bigint
      from found
      where jobs.id = found.id and found.concurrency_key is null
      returning jobs.*
    )
    select keyed.keyed_left, claimed.* from
      (select count(*)::int as keyed_left from found where concurrency_key is not null) keyed
      left join claimed on true`.compile(db);
  const { rows } = await db.executeQuery(preparedOnPostgres(compiled));
  const keyedLeft = Number(rows[0]?.keyed_left ?? 0);
  const claimed = rows.filter((row) => row.id !== null).map(toQueuedJob);
  claimed.sort((a, b) => b.priority - a.priority || a.runAt - b.runAt || a.id - b.id);
  return { claimed, keyedLeft };
}
