import { type Kysely, sql } from 'kysely';
import type {
  Incident,
  IncidentLevel,
  StepRun,
  StepRunStatus,
  TransactionChanges,
} from '../../domain/cycles/cycle-run.ts';
import type { CycleRunStore } from '../../domain/cycles/cycle-run-store.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import { literalList, preparedOnPostgres } from '../prepared-statements.ts';
import type { CycleIncidentRow, CycleStepRunRow, CycleTransactionRow, DatabaseSchema } from '../schema.ts';
import {
  json,
  STEP_RUN_COLUMNS,
  STEP_RUN_TYPES,
  stepRunRow,
  toTransaction,
  transactionRow,
} from './cycle-run-rows.ts';
import { findStepWork } from './cycle-step-work.sql.ts';

function toStepRun(row: CycleStepRunRow & { id: number }): StepRun {
  return {
    id: Number(row.id),
    transactionId: row.transaction_id,
    stepKey: row.step_key,
    attempt: Number(row.attempt),
    status: row.status as StepRunStatus,
    request: json(row.request),
    response: json(row.response),
    output: json(row.output),
    message: row.message,
    startedAt: Number(row.started_at),
    finishedAt: Number(row.finished_at),
  };
}

function toIncident(row: CycleIncidentRow & { id: number }): Incident {
  return {
    id: Number(row.id),
    cycleId: row.cycle_id,
    accountId: row.account_id,
    level: row.level as IncidentLevel,
    shortMessage: row.short_message,
    fullMessage: row.full_message,
    stepKey: row.step_key,
    transactionId: row.transaction_id,
    createdAt: Number(row.created_at),
  };
}

function changedColumns(changes: TransactionChanges): Partial<CycleTransactionRow> {
  const row: Partial<CycleTransactionRow> = { updated_at: changes.updatedAt };
  if (changes.status !== undefined) row.status = changes.status;
  if (changes.currentStep !== undefined) row.current_step = changes.currentStep;
  if (changes.stepAttempt !== undefined) row.step_attempt = changes.stepAttempt;
  if (changes.reasonCode !== undefined) row.reason_code = changes.reasonCode;
  if (changes.message !== undefined) row.message = changes.message;
  if (changes.startedAt !== undefined) row.started_at = changes.startedAt;
  if (changes.completedAt !== undefined) row.completed_at = changes.completedAt;
  if (changes.releaseNumber !== undefined) row.release_number = changes.releaseNumber;
  return row;
}

/** The statuses of a transaction that has ended. */
const FINISHED = ['Completed', 'Errored', 'Stopped'] as const;

/** The update that moves a transaction on, only while it is unfinished (literals: one plan fits all values). */
function movedIfUnfinished(db: Kysely<DatabaseSchema>, id: string, changes: TransactionChanges) {
  return db
    .updateTable('cycle_transactions')
    .set(changedColumns(changes))
    .where('id', '=', id)
    .where(sql<boolean>`status not in (${literalList(FINISHED)})`);
}

/** `run` as a row selected from `source` (one row per row of it), typed for PostgreSQL. */
function stepRunFrom(source: string, run: Omit<StepRun, 'id'>) {
  const row = stepRunRow(run);
  return sql`select ${sql.join(STEP_RUN_COLUMNS.map((column) => sql`${row[column]}::${sql.raw(STEP_RUN_TYPES[column])}`))} from ${sql.table(source)}`;
}

const HOUR_MS = 3_600_000;

/** Rows per multi-row insert (at most 17 parameters each: well within both databases' limits). */
const INSERT_CHUNK = 500;

export function sqlCycleRunStore(db: Kysely<DatabaseSchema>, dialect: SqlDialect): CycleRunStore {
  return {
    async insertTransaction(t) {
      const result = await db
        .insertInto('cycle_transactions')
        .values(transactionRow(t))
        .onConflict((oc) => oc.columns(['cycle_id', 'dedupe_key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async insertTransactions(transactions) {
      const inserted: string[] = [];
      for (let start = 0; start < transactions.length; start += INSERT_CHUNK) {
        const rows = await db
          .insertInto('cycle_transactions')
          .values(transactions.slice(start, start + INSERT_CHUNK).map(transactionRow))
          .onConflict((oc) => oc.columns(['cycle_id', 'dedupe_key']).doNothing())
          .returning('id')
          .execute();
        for (const row of rows) inserted.push(row.id);
      }
      return inserted;
    },
    async findTransaction(id) {
      const row = await db
        .selectFrom('cycle_transactions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toTransaction(row);
    },
    async lockTransaction(id) {
      let query = db.selectFrom('cycle_transactions').selectAll().where('id', '=', id);
      if (dialect === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row && toTransaction(row);
    },
    async listTransactions(cycleId, query) {
      let base = db.selectFrom('cycle_transactions').where('cycle_id', '=', cycleId);
      if (query.status !== null) base = base.where('status', '=', query.status);
      if (query.after !== null) base = base.where('created_at', '>', query.after);
      if (query.before !== null) base = base.where('created_at', '<', query.before);
      const [rows, count] = await Promise.all([
        base
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .offset(query.offset)
          .limit(query.limit)
          .execute(),
        base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toTransaction), total: Number(count.n) };
    },
    async updateTransaction(id, changes) {
      await db.updateTable('cycle_transactions').set(changedColumns(changes)).where('id', '=', id).execute();
    },
    async recordIfUnfinished(id, changes, run) {
      const moved = movedIfUnfinished(db, id, changes);
      if (dialect !== 'postgres') {
        if (Number((await moved.executeTakeFirst()).numUpdatedRows) === 0) return false;
        await db.insertInto('cycle_step_runs').values(stepRunRow(run)).execute();
        return true;
      }
      // One round trip: the step run is inserted only for the transaction row the update moved.
      const compiled = db
        .with('moved', () => moved.returning('id'))
        .insertInto('cycle_step_runs')
        .columns(STEP_RUN_COLUMNS)
        .expression(stepRunFrom('moved', run))
        .compile();
      const result = await db.executeQuery(preparedOnPostgres(compiled));
      return Number(result.numAffectedRows ?? 0) > 0;
    },
    async recordCompletingJob(job, finishedAt, id, changes, run) {
      if (dialect !== 'postgres') return undefined;
      // The job's row first, then the transaction's, as a commit in a transaction takes them. Every CTE
      // sees the statement's one snapshot; `moved` waits for `completed` through its condition.
      const compiled = sql<{ held: boolean }>`
        with completed as (
          update jobs set status = 'succeeded', finished_at = ${finishedAt}::bigint, locked_by = null,
            locked_until = null
          where id = ${job.id}::bigint and epoch = ${job.epoch}::bigint and status = 'running'
          returning id),
        moved as (${movedIfUnfinished(db, id, changes)
          .where(sql<boolean>`exists (select 1 from completed)`)
          .returning('id')}),
        recorded as (insert into cycle_step_runs (${sql.join(STEP_RUN_COLUMNS.map((c) => sql.ref(c)))})
          ${stepRunFrom('moved', run)})
        select exists (select 1 from completed) as held`.compile(db);
      const { rows } = await db.executeQuery(preparedOnPostgres(compiled));
      return rows[0]?.held === true;
    },
    findStepWork: (transactionId) => findStepWork(db, dialect, transactionId),
    async transactionsIn(cycleId, statuses, limit) {
      if (statuses.length === 0) return [];
      const rows = await db
        .selectFrom('cycle_transactions')
        .selectAll()
        .where('cycle_id', '=', cycleId)
        .where('status', 'in', [...statuses])
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map(toTransaction);
    },
    async stopUnfinished(cycleId, now) {
      const result = await db
        .updateTable('cycle_transactions')
        .set({
          status: 'Stopped',
          completed_at: now,
          updated_at: now,
          message: 'Stopped: the cycle was deactivated.',
        })
        .where('cycle_id', '=', cycleId)
        .where('status', 'in', ['Queued', 'Running', 'Waiting'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async waitingForAuthentication(limit, options = {}) {
      let select = db
        .selectFrom('cycle_transactions')
        .selectAll()
        .where('status', '=', 'Waiting')
        .where('reason_code', '=', 20);
      if (options.accountId !== undefined) select = select.where('account_id', '=', options.accountId);
      if (options.afterId !== undefined) select = select.where('id', '>', options.afterId);
      const rows = await select.orderBy('id').limit(limit).execute();
      return rows.map(toTransaction);
    },
    async resumeIfWaiting(id, now) {
      const result = await db
        .updateTable('cycle_transactions')
        .set({ status: 'Running', reason_code: null, message: null, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'Waiting')
        .where('reason_code', '=', 20)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async countByStatus(cycleId) {
      const rows = await db
        .selectFrom('cycle_transactions')
        .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
        .where('cycle_id', '=', cycleId)
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    async insertStepRun(run) {
      await db.insertInto('cycle_step_runs').values(stepRunRow(run)).execute();
    },
    async insertStepRuns(runs) {
      for (let start = 0; start < runs.length; start += INSERT_CHUNK)
        await db
          .insertInto('cycle_step_runs')
          .values(runs.slice(start, start + INSERT_CHUNK).map(stepRunRow))
          .execute();
    },
    async stepRuns(transactionId) {
      const rows = await db
        .selectFrom('cycle_step_runs')
        .selectAll()
        .where('transaction_id', '=', transactionId)
        .orderBy('id')
        .execute();
      return rows.map((row) => toStepRun(row as CycleStepRunRow & { id: number }));
    },
    async insertIncident(incident) {
      await db
        .insertInto('cycle_incidents')
        .values({
          cycle_id: incident.cycleId,
          account_id: incident.accountId,
          level: incident.level,
          short_message: incident.shortMessage,
          full_message: incident.fullMessage,
          step_key: incident.stepKey,
          transaction_id: incident.transactionId,
          created_at: incident.createdAt,
        })
        .execute();
    },
    async listIncidents(accountId, filter, { offset, limit }) {
      let base = db.selectFrom('cycle_incidents').where('account_id', '=', accountId);
      if (filter.level !== undefined) base = base.where('level', '=', filter.level);
      if (filter.cycleId !== undefined) base = base.where('cycle_id', '=', filter.cycleId);
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy('id', 'desc').offset(offset).limit(limit).execute(),
        base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => toIncident(r as CycleIncidentRow & { id: number })),
        total: Number(count.n),
      };
    },
    async deleteExpired(now, defaultRetentionHours, limit) {
      // A finished transaction is kept for its account's retention hours after it finished:
      // StepDataSuccessRetentionHours for Completed ones, StepDataErroredRetentionHours otherwise.
      // Whole numbers from configuration and the clock, inlined so both dialects do integer arithmetic.
      const fallback = sql.lit(Math.max(0, Math.floor(defaultRetentionHours)));
      const hours = sql<number>`coalesce(case when t.status = 'Completed' then a.step_data_success_retention_hours else a.step_data_errored_retention_hours end, ${fallback})`;
      const expired = await db
        .selectFrom('cycle_transactions as t')
        .innerJoin('accounts as a', 'a.id', 't.account_id')
        .select('t.id')
        .where('t.status', 'in', FINISHED)
        // 744 h × 3,600,000 ms overflows PostgreSQL's 32-bit integers: multiply as bigint (SQLite reads it as an integer).
        .where(
          sql<boolean>`t.completed_at + ${hours} * cast(${sql.lit(HOUR_MS)} as bigint) <= ${sql.lit(Math.floor(now))}`,
        )
        .limit(limit)
        .execute();
      if (expired.length === 0) return 0;
      const ids = expired.map((r) => r.id);
      await db.deleteFrom('cycle_step_runs').where('transaction_id', 'in', ids).execute();
      await db.deleteFrom('cycle_incidents').where('transaction_id', 'in', ids).execute();
      await db.deleteFrom('cycle_transactions').where('id', 'in', ids).execute();
      return ids.length;
    },
  };
}
