import type { Kysely } from 'kysely';
import type { PlugboardConfig } from '../config/load-config.ts';
import { keyFilePathFor, readKeyFile, writeKeyFile } from '../crypto/key-file.ts';
import { generateKey, KeyRing } from '../crypto/key-ring.ts';
import { KeyMismatchError, knownKeyIds, verifyKeyRing } from './key-registry.ts';
import type { DatabaseSchema } from './schema.ts';

export type KeySource = { readonly kind: 'environment' } | { readonly kind: 'file'; readonly path: string };

export interface ResolvedKeys {
  readonly ring: KeyRing;
  readonly source: KeySource;
  /** Set when this start made a new key file (the caller announces it in the log). */
  readonly createdKeyFile: string | null;
}

/**
 * Finds the encryption keys (PLUGBOARD_ENCRYPTION_KEYS, or with SQLite the key file next to the database,
 * made on first start) and proves they fit the database. Throws a clear error instead of starting with a
 * missing or wrong key. Call after migrating.
 */
export async function resolveKeys(
  config: PlugboardConfig,
  db: Kysely<DatabaseSchema>,
  now: number,
): Promise<ResolvedKeys> {
  let ring: KeyRing;
  let source: KeySource;
  let createdKeyFile: string | null = null;
  if (config.encryptionKeys) {
    ring = new KeyRing(config.encryptionKeys);
    source = { kind: 'environment' };
  } else if (config.database.kind === 'sqlite') {
    const path = config.database.path === ':memory:' ? null : keyFilePathFor(config.database.path);
    const fromFile = path ? readKeyFile(path) : null;
    if (fromFile) {
      ring = new KeyRing(fromFile);
    } else {
      const known = await knownKeyIds(db);
      if (known.length > 0) {
        throw new KeyMismatchError(
          `the encryption key file ${path} is missing, but this database holds data encrypted with key(s) ${known.join(', ')}; restore the file or set PLUGBOARD_ENCRYPTION_KEYS`,
        );
      }
      const key = generateKey();
      if (path) {
        writeKeyFile(path, [key]);
        createdKeyFile = path;
      }
      ring = new KeyRing([key]);
    }
    source = path ? { kind: 'file', path } : { kind: 'environment' };
  } else {
    throw new KeyMismatchError('PLUGBOARD_ENCRYPTION_KEYS is required with PostgreSQL');
  }
  await verifyKeyRing(db, ring, now);
  return { ring, source, createdKeyFile };
}
