import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Job, JobStore } from '../../domain/jobs/job-store.ts';
import type { DatabaseSchema, JobRow } from '../schema.ts';

function toJob(row: Selectable<JobRow>): Job {
  return {
    id: Number(row.id),
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    payload: row.payload,
    runAt: row.run_at,
    attempts: Number(row.attempts),
  };
}

export function sqlJobStore(db: Kysely<DatabaseSchema>): JobStore {
  return {
    async ensure(kind, dedupeKey, runAt, payload) {
      await db
        .insertInto('jobs')
        .values({ kind, dedupe_key: dedupeKey, payload, run_at: runAt, attempts: 0, created_at: runAt })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
    },
    async claimDue(holder, now, lockMs) {
      const free = (eb: ExpressionBuilder<DatabaseSchema, 'jobs'>) =>
        eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]);
      // The lock condition is repeated outside the subquery: of two processes racing for one row, the
      // second re-checks it after the first commits and takes nothing.
      const row = await db
        .updateTable('jobs')
        .set((eb) => ({ locked_by: holder, locked_until: now + lockMs, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where('run_at', '<=', now)
            .where(free)
            .orderBy('run_at')
            .orderBy('id')
            .limit(1),
        )
        .where(free)
        .returningAll()
        .executeTakeFirst();
      return row ? toJob(row) : undefined;
    },
    async reschedule(id, holder, runAt, payload) {
      await db
        .updateTable('jobs')
        .set({ run_at: runAt, payload, locked_by: null, locked_until: null, attempts: 0, last_error: null })
        .where('id', '=', id)
        .where('locked_by', '=', holder)
        .execute();
    },
    async fail(id, holder, runAt, error) {
      await db
        .updateTable('jobs')
        .set({ run_at: runAt, locked_by: null, locked_until: null, last_error: error.slice(0, 1000) })
        .where('id', '=', id)
        .where('locked_by', '=', holder)
        .execute();
    },
    async complete(id, holder) {
      await db.deleteFrom('jobs').where('id', '=', id).where('locked_by', '=', holder).execute();
    },
    async find(dedupeKey) {
      const row = await db
        .selectFrom('jobs')
        .selectAll()
        .where('dedupe_key', '=', dedupeKey)
        .executeTakeFirst();
      return row ? toJob(row) : undefined;
    },
  };
}
