import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import {
  type AccountCursor,
  type AccountListQuery,
  SEARCH_COUNT_CAP,
} from '../../domain/accounts/account-store.ts';
import type { SqlDialect } from '../migrations/column-types.ts';
import type { DatabaseSchema } from '../schema.ts';

/** `%text%` for LIKE, with `\`, `%` and `_` in the text matched literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 phrase: with the trigram tokenizer, the rows that contain `text` anywhere, in any case. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The trigram tokenizer finds substrings of at least three characters (code points); shorter ones scan. */
const TRIGRAM = 3;

/** Accounts whose name or id contains `search` in any case, by `LIKE` (PostgreSQL: trigram indexes). */
function likeFilter(search: string): Expression<SqlBool> {
  const pattern = containsPattern(search);
  return sql<SqlBool>`(lower(name) like ${pattern} escape '\\' or lower(id) like ${pattern} escape '\\')`;
}

/** The same set on SQLite, from the `account_search` FTS5 table (an index lookup). */
function ftsFilter(search: string): Expression<SqlBool> {
  return sql<SqlBool>`id in (select id from account_search where account_search match ${ftsPhrase(search)})`;
}

const ALL = sql<SqlBool>`1 = 1`;

/** The sort keys of each order, as SQL and as read from a cursor; every order ends in a unique key. */
export const ORDER_KEYS = {
  createdDate: { sql: 'created_at, id', values: (c: AccountCursor) => [c.createdAt, c.id] },
  name: {
    sql: 'lower(name), created_at, id',
    values: (c: AccountCursor) => [c.name.toLowerCase(), c.createdAt, c.id],
  },
  id: { sql: 'id', values: (c: AccountCursor) => [c.id] },
} as const;

/**
 * Where the page starts, as a row-value comparison on the order's keys (served by the index of that
 * order): after the cursor when the caller walked here; else at or after a row whose position is
 * known, skipping the rest in the index alone; else after the row that ends the skipped part.
 */
function pageStart(query: AccountListQuery, filter: Expression<SqlBool>): Expression<SqlBool> {
  const keys = ORDER_KEYS[query.orderBy];
  const [after, atOrAfter] = query.ascending ? ['>', '>='] : ['<', '<='];
  const columns = sql.raw(`(${keys.sql})`);
  if (query.after) {
    return sql<SqlBool>`${columns} ${sql.raw(after)} (${sql.join(keys.values(query.after))})`;
  }
  const from = query.from;
  const fromKeys =
    from && sql<SqlBool>`${columns} ${sql.raw(atOrAfter)} (${sql.join(keys.values(from.key))})`;
  if (from && fromKeys && from.position === query.offset) return fromKeys;
  if (query.offset === 0) return ALL;
  const skip = from ? query.offset - from.position - 1 : query.offset - 1;
  const orderList = sql.raw(
    keys.sql
      .split(', ')
      .map((key) => `${key} ${query.ascending ? 'asc' : 'desc'}`)
      .join(', '),
  );
  return sql<SqlBool>`${columns} ${sql.raw(after)} (select ${sql.raw(keys.sql)} from accounts
    where ${filter} and ${fromKeys ?? ALL} order by ${orderList} limit 1 offset ${skip})`;
}

/** The accounts list's count and version, as columns of the statement that reads a page. */
const LIST_TOTAL = sql<number | string>`(select count from row_counts where name = 'accounts')`;
export const LIST_VERSION = sql<number | string>`(select changes from row_counts where name = 'accounts')`;

/**
 * A page with the list's count and version read in the same statement (on PostgreSQL the same
 * snapshot), so a position remembered from it belongs to the version it is filed under.
 */
async function readPage(db: Kysely<DatabaseSchema>, query: AccountListQuery, filter: Expression<SqlBool>) {
  let select = db
    .selectFrom('accounts')
    .selectAll()
    .select([LIST_TOTAL.as('list_total'), LIST_VERSION.as('list_version')])
    .where(filter)
    .where(pageStart(query, filter));
  for (const key of ORDER_KEYS[query.orderBy].sql.split(', ')) {
    select = select.orderBy(sql.raw(key), query.ascending ? 'asc' : 'desc');
  }
  const rows = await select.limit(query.limit).execute();
  const [first] = rows;
  const counts = first
    ? { count: Number(first.list_total ?? 0), version: Number(first.list_version ?? 0) }
    : await accountCounts(db);
  return { rows, counts };
}

/** How many accounts there are, and the list version (it goes up with every add, removal or rename). */
async function accountCounts(db: Kysely<DatabaseSchema>): Promise<{ count: number; version: number }> {
  const row = await db
    .selectFrom('row_counts')
    .select(['count', 'changes'])
    .where('name', '=', 'accounts')
    .executeTakeFirst();
  return { count: Number(row?.count ?? 0), version: Number(row?.changes ?? 0) };
}

/** Matches of `filter`, counted up to {@link SEARCH_COUNT_CAP}. */
async function cappedCount(db: Kysely<DatabaseSchema>, filter: Expression<SqlBool>): Promise<number> {
  const matches = db.selectFrom('accounts').select('id').where(filter).limit(SEARCH_COUNT_CAP).as('matches');
  const row = await db
    .selectFrom(matches)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Matches in the FTS5 table, counted up to {@link SEARCH_COUNT_CAP}: read lazily, stops at the cap. */
async function ftsCount(db: Kysely<DatabaseSchema>, search: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from account_search
    where account_search match ${ftsPhrase(search)} limit ${SEARCH_COUNT_CAP})`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * A page of accounts in the query's order, `Total-Records` without counting the table, and the
 * list's version.
 *
 * A search on SQLite (three characters or more) counts its matches in the FTS5 table first. Few
 * matches: the page is read from them (sorted in memory). Many: matches are dense in the list, so the
 * page walks the order's index and keeps the rows that match, stopping after the page. On PostgreSQL
 * the planner makes the same choice from the trigram indexes' estimates; a first page shorter than
 * the page size is its own count.
 */
export async function listAccounts(db: Kysely<DatabaseSchema>, dialect: SqlDialect, query: AccountListQuery) {
  const search = query.search;
  if (search === null) {
    const { rows, counts } = await readPage(db, query, ALL);
    return { rows, total: counts.count, version: counts.version };
  }
  if (dialect === 'sqlite' && [...search].length >= TRIGRAM) {
    const [matches, counts] = await Promise.all([ftsCount(db, search), accountCounts(db)]);
    const walked = query.offset + query.limit;
    const dense = matches * matches >= walked * Math.max(1, counts.count);
    const page = await readPage(db, query, dense ? likeFilter(search) : ftsFilter(search));
    // The version read with the rows, in the same statement: the one they belong to.
    return { rows: page.rows, total: matches, version: page.counts.version };
  }
  const filter = likeFilter(search);
  const { rows, counts } = await readPage(db, query, filter);
  const complete = query.offset === 0 && !query.after && rows.length < query.limit;
  const total = complete ? rows.length : await cappedCount(db, filter);
  return { rows, total, version: counts.version };
}
