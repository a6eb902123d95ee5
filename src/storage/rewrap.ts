import { type Kysely, sql } from 'kysely';
import type { KeyRing } from '../crypto/key-ring.ts';
import { ENCRYPTED_COLUMNS, type EncryptedColumn, sealContext } from './encrypted-columns.ts';
import { countCiphertextsWithKey, knownKeyIds } from './key-registry.ts';
import type { DatabaseSchema } from './schema.ts';

export interface ColumnRewrapResult {
  readonly table: string;
  readonly column: string;
  readonly rewrapped: number;
  /** Values that could not be opened with any configured key (left untouched). */
  readonly unreadable: number;
}

export interface RewrapReport {
  readonly activeKid: string;
  readonly columns: ColumnRewrapResult[];
  /** Ciphertexts still sealed with each non-active key after the run. */
  readonly remainingByKey: Record<string, number>;
}

type Row = Record<string, string | number | null>;

async function rewrapColumn(
  db: Kysely<DatabaseSchema>,
  ring: KeyRing,
  target: EncryptedColumn,
  batchSize: number,
): Promise<ColumnRewrapResult> {
  const { table, column, keyColumns } = target;
  const untyped = db as unknown as Kysely<Record<string, Row>>;
  let rewrapped = 0;
  let unreadable = 0;
  let after: (string | number)[] | null = null;
  for (;;) {
    let query = untyped
      .selectFrom(table)
      .select([...keyColumns, column])
      .where(sql.ref(column), 'is not', null)
      .where(sql.ref(column), 'not like', `pb1.${ring.activeKid}.%`);
    if (after) {
      const bound = after;
      query = query.where(({ eb, refTuple, tuple }) =>
        keyColumns.length === 1
          ? eb(sql.ref(keyColumns[0] as string), '>', bound[0])
          : eb(
              refTuple(keyColumns[0] as never, keyColumns[1] as never),
              '>',
              tuple(bound[0], bound[1]) as never,
            ),
      );
    }
    for (const key of keyColumns) query = query.orderBy(sql.ref(key));
    const rows = await query.limit(batchSize).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const keyValues = keyColumns.map((k) => row[k] as string | number);
      const old = row[column] as string;
      const context = sealContext(table, column, ...keyValues);
      let fresh: string;
      try {
        fresh = ring.rewrap(old, context);
      } catch {
        unreadable++;
        continue;
      }
      let update = untyped
        .updateTable(table)
        .set({ [column]: fresh })
        .where(sql.ref(column), '=', old);
      keyColumns.forEach((k, i) => {
        update = update.where(sql.ref(k), '=', keyValues[i]);
      });
      // Compare-and-set: a value changed by the running server since we read it is already fresh.
      const result = await update.executeTakeFirst();
      if (result.numUpdatedRows > 0n) rewrapped++;
    }
    const last = rows[rows.length - 1] as Row;
    after = keyColumns.map((k) => last[k] as string | number);
  }
  return { table, column, rewrapped, unreadable };
}

/**
 * Re-encrypts every ciphertext that is not under the active key, in batches, while the server keeps
 * running: each row is updated only if it still holds the value that was read.
 */
export async function rewrapAll(
  db: Kysely<DatabaseSchema>,
  ring: KeyRing,
  batchSize = 200,
): Promise<RewrapReport> {
  const columns: ColumnRewrapResult[] = [];
  for (const target of ENCRYPTED_COLUMNS) columns.push(await rewrapColumn(db, ring, target, batchSize));
  const remainingByKey: Record<string, number> = {};
  for (const kid of new Set([...ring.kids, ...(await knownKeyIds(db))])) {
    if (kid !== ring.activeKid) remainingByKey[kid] = await countCiphertextsWithKey(db, kid);
  }
  return { activeKid: ring.activeKid, columns, remainingByKey };
}
