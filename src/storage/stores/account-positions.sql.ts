import { type Kysely, sql } from 'kysely';
import type { PositionSlice, SampledPositions } from '../../domain/accounts/account-store.ts';
import type { DatabaseSchema } from '../schema.ts';
import { LIST_VERSION, ORDER_KEYS } from './account-list.sql.ts';

interface SampledRow {
  id: string;
  created_at: number | string;
  rn: number | string;
  list_version: number | string | null;
}

/**
 * Walks `slice.rows` rows of the accounts list in its order's index (after `slice.after`) and keeps
 * every `slice.every`-th with its position, plus the slice's last row, in one statement with the
 * list's version. `row_number()` over the index order streams: nothing is sorted.
 */
export async function sampleAccountPositions(
  db: Kysely<DatabaseSchema>,
  slice: PositionSlice,
): Promise<SampledPositions> {
  const keys = ORDER_KEYS[slice.orderBy];
  const direction = slice.ascending ? 'asc' : 'desc';
  const orderList = sql.raw(
    keys.sql
      .split(', ')
      .map((key) => `${key} ${direction}`)
      .join(', '),
  );
  const start = slice.after
    ? sql`(${sql.raw(keys.sql)}) ${sql.raw(slice.ascending ? '>' : '<')} (${sql.join(keys.values(slice.after))})`
    : sql`1 = 1`;
  // The id order's keys are in its index alone: leave created_at out and the walk never visits the table.
  const createdAt = slice.orderBy === 'id' ? sql`0` : sql`created_at`;
  const { rows } = await sql<SampledRow>`select id, created_at, rn, ${LIST_VERSION} as list_version
    from (select id, ${createdAt} as created_at, row_number() over (order by ${orderList}) as rn from accounts
      where ${start} order by ${orderList} limit ${slice.rows}) w
    where (rn - 1 + ${slice.start}) % ${slice.every} = 0 or rn = ${slice.rows}`.execute(db);
  let version = rows[0]?.list_version;
  if (version === undefined || version === null) {
    const row = await db
      .selectFrom('row_counts')
      .select('changes')
      .where('name', '=', 'accounts')
      .executeTakeFirst();
    version = row?.changes ?? 0;
  }
  const positions: SampledPositions['positions'][number][] = [];
  let last: SampledPositions['last'];
  for (const row of rows) {
    const rn = Number(row.rn);
    const key = { id: row.id, name: '', createdAt: Number(row.created_at) };
    if ((rn - 1 + slice.start) % slice.every === 0) positions.push({ position: slice.start + rn - 1, key });
    if (rn === slice.rows) last = key;
  }
  return { version: Number(version), positions, last };
}
