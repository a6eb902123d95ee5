/**
 * A step job's reads in one statement: the transaction, its cycle, the account's name and the replay
 * log (the outputs of the transaction's completed and ignored steps, as one JSON array). A step job
 * used to make four look-ups for these; each is a round trip on PostgreSQL.
 */
import { type Kysely, sql } from 'kysely';
import type { Cycle } from '../../domain/cycles/cycle.ts';
import type { StepWork } from '../../domain/cycles/cycle-run.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import { preparedOnPostgres } from '../prepared-statements.ts';
import type { CycleRow, CycleTransactionRow, DatabaseSchema } from '../schema.ts';
import { toTransaction } from './cycle-run-rows.ts';
import { cycleOf } from './cycle-store.sql.ts';

const CYCLE_COLUMNS = [
  'id',
  'account_id',
  'template_id',
  'release_number',
  'name',
  'description',
  'status',
  'document',
  'connectors',
  'interval_minutes',
  'start_time',
  'run_once',
  'generation',
  'next_run_at',
  'high_water_mark',
  'last_run_at',
  'activated_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof CycleRow)[];

/** The replay log as a JSON array of `[step_key, output]`, in the order the steps ran. */
function replayLog(dialect: SqlDialect) {
  return dialect === 'postgres'
    ? sql`(select json_agg(json_build_array(r.step_key, r.output) order by r.id)::text
        from cycle_step_runs r
        where r.transaction_id = t.id and r.status in ('Completed', 'Ignored'))`
    : sql`(select json_group_array(json_array(r.step_key, r.output) order by r.id)
        from cycle_step_runs r
        where r.transaction_id = t.id and r.status in ('Completed', 'Ignored'))`;
}

/** How many cycles' parsed documents are kept (each is checked against the row's text before use). */
const DOCUMENTS_KEPT = 1000;

/** Freezes `value` and everything in it, so a shared parsed document cannot be changed by a reader. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Parsed cycle documents by cycle id, with the text they were parsed from: a step reuses the parse
 * while the cycle's document is unchanged (comparing the text is far cheaper than parsing it).
 */
const documents = new Map<string, { readonly text: string; readonly document: Cycle['document'] }>();

function parsedDocument(cycleId: string, text: string): Cycle['document'] {
  const kept = documents.get(cycleId);
  if (kept && kept.text === text) return kept.document;
  const document = deepFreeze(JSON.parse(text) as Cycle['document']);
  documents.delete(cycleId);
  if (documents.size >= DOCUMENTS_KEPT) {
    const oldest = documents.keys().next().value;
    if (oldest !== undefined) documents.delete(oldest);
  }
  documents.set(cycleId, { text, document });
  return document;
}

type WorkRow = CycleTransactionRow & { account_name: string | null; replay: string | null } & Record<
    `c_${(typeof CYCLE_COLUMNS)[number]}`,
    unknown
  >;

export async function findStepWork(
  db: Kysely<DatabaseSchema>,
  dialect: SqlDialect,
  transactionId: string,
): Promise<StepWork | undefined> {
  const cycleColumns = sql.join(CYCLE_COLUMNS.map((c) => sql`c.${sql.ref(c)} as ${sql.ref(`c_${c}`)}`));
  const compiled = sql<WorkRow>`
    select t.*, ${cycleColumns}, a.name as account_name, ${replayLog(dialect)} as replay
    from cycle_transactions t
    join cycles c on c.id = t.cycle_id
    left join accounts a on a.id = c.account_id
    where t.id = ${transactionId}`.compile(db);
  // Run by every step job: parsed and planned once per connection on PostgreSQL.
  const { rows } = await db.executeQuery(dialect === 'postgres' ? preparedOnPostgres(compiled) : compiled);
  const row = rows[0];
  if (!row) return undefined;
  const cycleRow = Object.fromEntries(CYCLE_COLUMNS.map((c) => [c, row[`c_${c}`]])) as unknown as CycleRow;
  const replay = (JSON.parse(row.replay ?? '[]') as [string, string | null][]).map(([stepKey, output]) => ({
    stepKey,
    output: output === null ? null : JSON.parse(output),
  }));
  return {
    transaction: toTransaction(row),
    cycle: cycleOf(cycleRow, parsedDocument(cycleRow.id, cycleRow.document)),
    accountName: row.account_name,
    replay,
  };
}
