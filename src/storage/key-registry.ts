import { type Kysely, sql } from 'kysely';
import { type KeyRing, keyIdOf } from '../crypto/key-ring.ts';
import { ENCRYPTED_COLUMNS } from './encrypted-columns.ts';
import type { DatabaseSchema } from './schema.ts';

const CHECK_PLAINTEXT = 'plugboard-key-check';

/** The configured keys do not fit this database; the message says which key and what to do. */
export class KeyMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyMismatchError';
  }
}

const checkContext = (kid: string) => ({ table: 'encryption_keys', row: kid, column: 'check_ct' });

/** Key ids this database has seen and not retired. */
export async function knownKeyIds(db: Kysely<DatabaseSchema>): Promise<string[]> {
  const rows = await db.selectFrom('encryption_keys').select('kid').where('retired_at', 'is', null).execute();
  return rows.map((r) => r.kid);
}

/** Counts the ciphertexts sealed with `kid`, over every encrypted column. */
export async function countCiphertextsWithKey(db: Kysely<DatabaseSchema>, kid: string): Promise<number> {
  let total = 0;
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    const row = await db
      .selectFrom(table)
      .select(sql<number>`count(*)`.as('n'))
      .where(sql.ref(column), 'like', `pb1.${kid}.%`)
      .executeTakeFirstOrThrow();
    total += Number(row.n);
  }
  return total;
}

/**
 * Proves at start-up that the configured keys fit the database: each configured key must open the check
 * value it sealed when first used (a wrong key under a known id stops start-up), and every key that still
 * has data must be configured. New keys are registered; a key that left the configuration with no data
 * left behind is retired.
 */
export async function verifyKeyRing(db: Kysely<DatabaseSchema>, ring: KeyRing, now: number): Promise<void> {
  const rows = await db.selectFrom('encryption_keys').selectAll().execute();
  for (const row of rows) {
    if (ring.has(row.kid)) {
      try {
        ring.open(row.check_ct, checkContext(row.kid));
      } catch {
        throw new KeyMismatchError(
          `PLUGBOARD_ENCRYPTION_KEYS: key "${row.kid}" is not the key this database was encrypted with (wrong key material for that id)`,
        );
      }
      continue;
    }
    if (row.retired_at !== null) continue;
    const remaining = await countCiphertextsWithKey(db, row.kid);
    if (remaining > 0) {
      throw new KeyMismatchError(
        `PLUGBOARD_ENCRYPTION_KEYS: key "${row.kid}" is missing, and ${remaining} stored secret(s) are encrypted with it; add it back (run "plugboard keys rewrap" before removing a key)`,
      );
    }
    await db.updateTable('encryption_keys').set({ retired_at: now }).where('kid', '=', row.kid).execute();
  }
  const known = new Set(rows.map((r) => r.kid));
  for (const kid of ring.kids) {
    if (known.has(kid)) continue;
    await db
      .insertInto('encryption_keys')
      .values({
        kid,
        check_ct: ring.seal(CHECK_PLAINTEXT, checkContext(kid), kid),
        created_at: now,
        retired_at: null,
      })
      .onConflict((oc) => oc.column('kid').doNothing())
      .execute();
  }
}

/** True when `ciphertext` is not sealed with the active key. */
export function needsRewrap(ring: KeyRing, ciphertext: string): boolean {
  return keyIdOf(ciphertext) !== ring.activeKid;
}
