import type { Kysely } from 'kysely';
import type { Cycle, CycleChanges, CycleStatus, CycleStep } from '../../domain/cycles/cycle.ts';
import type { CycleStore } from '../../domain/cycles/cycle-store.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import type { CycleRow, CycleStepRow, DatabaseSchema } from '../schema.ts';

const num = (value: number | null): number | null => (value === null ? null : Number(value));

function toCycle(row: CycleRow): Cycle {
  return cycleOf(row, JSON.parse(row.document));
}

/** The domain's cycle from its row, with the row's document already parsed. */
export function cycleOf(row: CycleRow, document: Cycle['document']): Cycle {
  return {
    id: row.id,
    accountId: row.account_id,
    templateId: row.template_id,
    releaseNumber: Number(row.release_number),
    name: row.name,
    description: row.description,
    status: row.status as CycleStatus,
    document,
    connectors: JSON.parse(row.connectors),
    intervalMinutes: Number(row.interval_minutes),
    startTime: num(row.start_time),
    runOnce: Number(row.run_once) !== 0,
    generation: Number(row.generation),
    nextRunAt: num(row.next_run_at),
    highWaterMark: num(row.high_water_mark),
    lastRunAt: num(row.last_run_at),
    activatedAt: num(row.activated_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function changedColumns(changes: CycleChanges): Partial<CycleRow> {
  const row: Partial<CycleRow> = { updated_at: changes.updatedAt };
  if (changes.name !== undefined) row.name = changes.name;
  if (changes.description !== undefined) row.description = changes.description;
  if (changes.status !== undefined) row.status = changes.status;
  if (changes.document !== undefined) row.document = JSON.stringify(changes.document);
  if (changes.releaseNumber !== undefined) row.release_number = changes.releaseNumber;
  if (changes.intervalMinutes !== undefined) row.interval_minutes = changes.intervalMinutes;
  if (changes.startTime !== undefined) row.start_time = changes.startTime;
  if (changes.runOnce !== undefined) row.run_once = changes.runOnce ? 1 : 0;
  if (changes.generation !== undefined) row.generation = changes.generation;
  if (changes.nextRunAt !== undefined) row.next_run_at = changes.nextRunAt;
  if (changes.highWaterMark !== undefined) row.high_water_mark = changes.highWaterMark;
  if (changes.lastRunAt !== undefined) row.last_run_at = changes.lastRunAt;
  if (changes.activatedAt !== undefined) row.activated_at = changes.activatedAt;
  return row;
}

const toStep = (row: CycleStepRow): CycleStep => ({
  id: row.id,
  cycleId: row.cycle_id,
  key: row.step_key,
  position: Number(row.position),
});

const stepRows = (steps: readonly CycleStep[]): CycleStepRow[] =>
  steps.map((s) => ({ id: s.id, cycle_id: s.cycleId, step_key: s.key, position: s.position }));

export function sqlCycleStore(db: Kysely<DatabaseSchema>, dialect: SqlDialect): CycleStore {
  return {
    async insert(cycle, steps) {
      await db
        .insertInto('cycles')
        .values({
          id: cycle.id,
          account_id: cycle.accountId,
          template_id: cycle.templateId,
          release_number: cycle.releaseNumber,
          name: cycle.name,
          description: cycle.description,
          status: cycle.status,
          document: JSON.stringify(cycle.document),
          connectors: JSON.stringify(cycle.connectors),
          interval_minutes: cycle.intervalMinutes,
          start_time: cycle.startTime,
          run_once: cycle.runOnce ? 1 : 0,
          generation: cycle.generation,
          next_run_at: cycle.nextRunAt,
          high_water_mark: cycle.highWaterMark,
          last_run_at: cycle.lastRunAt,
          activated_at: cycle.activatedAt,
          created_at: cycle.createdAt,
          updated_at: cycle.updatedAt,
        })
        .execute();
      if (steps.length > 0) await db.insertInto('cycle_steps').values(stepRows(steps)).execute();
    },
    async find(accountId, id) {
      const row = await db
        .selectFrom('cycles')
        .selectAll()
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row && toCycle(row);
    },
    async findById(id) {
      const row = await db.selectFrom('cycles').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toCycle(row);
    },
    async lockById(id) {
      let query = db.selectFrom('cycles').selectAll().where('id', '=', id);
      if (dialect === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row && toCycle(row);
    },
    async list(accountId, { offset, limit }) {
      const base = db.selectFrom('cycles').where('account_id', '=', accountId);
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(offset).limit(limit).execute(),
        base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toCycle), total: Number(count.n) };
    },
    async update(id, changes) {
      await db.updateTable('cycles').set(changedColumns(changes)).where('id', '=', id).execute();
    },
    async updateIfGeneration(id, generation, changes) {
      const result = await db
        .updateTable('cycles')
        .set(changedColumns(changes))
        .where('id', '=', id)
        .where('generation', '=', generation)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async delete(id) {
      await db.deleteFrom('cycles').where('id', '=', id).execute();
    },
    async steps(cycleId) {
      const rows = await db
        .selectFrom('cycle_steps')
        .selectAll()
        .where('cycle_id', '=', cycleId)
        .orderBy('position')
        .execute();
      return rows.map(toStep);
    },
    async step(accountId, stepId) {
      const row = await db
        .selectFrom('cycle_steps')
        .innerJoin('cycles', 'cycles.id', 'cycle_steps.cycle_id')
        .selectAll('cycles')
        .select(['cycle_steps.id as step_id', 'cycle_steps.step_key', 'cycle_steps.position'])
        .where('cycle_steps.id', '=', stepId)
        .where('cycles.account_id', '=', accountId)
        .executeTakeFirst();
      if (!row) return undefined;
      const { step_id, step_key, position, ...cycle } = row;
      return {
        cycle: toCycle(cycle as CycleRow),
        step: { id: step_id, cycleId: cycle.id, key: step_key, position: Number(position) },
      };
    },
    async replaceSteps(cycleId, steps) {
      await db.deleteFrom('cycle_steps').where('cycle_id', '=', cycleId).execute();
      if (steps.length > 0) await db.insertInto('cycle_steps').values(stepRows(steps)).execute();
    },
    async activeUsingAccountConnector(accountConnectorId) {
      // A cycle binds only account connectors of its own account, so the account's cycles (indexed by
      // account) are all that can match; the connectors document is then checked row by row.
      const rows = await db
        .selectFrom('cycles')
        .selectAll()
        .where('status', '=', 'Active')
        .where('account_id', 'in', (q) =>
          q.selectFrom('account_connectors').select('account_id').where('id', '=', accountConnectorId),
        )
        .execute();
      return rows.map(toCycle).filter((c) => Object.values(c.connectors).includes(accountConnectorId));
    },
  };
}
