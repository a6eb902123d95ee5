import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { type EncryptionKey, formatKeyList } from '../../src/crypto/key-list.ts';
import { DecryptionError, generateKey, type KeyRing, keyIdOf } from '../../src/crypto/key-ring.ts';
import { sealContext } from '../../src/storage/encrypted-columns.ts';
import { KeyMismatchError } from '../../src/storage/key-registry.ts';
import { type OpenStorage, openStorage } from '../../src/storage/open-storage.ts';
import { rewrapAll } from '../../src/storage/rewrap.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const open: OpenStorage[] = [];
const databases: TestDatabase[] = [];

afterEach(async () => {
  for (const storage of open.splice(0)) await storage.close();
  for (const database of databases.splice(0)) await database.drop();
});

async function storageWith(database: TestDatabase, keys: EncryptionKey[]): Promise<OpenStorage> {
  const config = loadConfig({
    PLUGBOARD_DATABASE_URL: database.url,
    PLUGBOARD_ENCRYPTION_KEYS: formatKeyList(keys),
  });
  const storage = await openStorage(config, Date.now());
  open.push(storage);
  return storage;
}

async function closeAll(): Promise<void> {
  for (const storage of open.splice(0)) await storage.close();
}

/** Writes two account connectors' refresh tokens and a client secret, sealed as the stores seal them. */
async function writeSecrets(storage: OpenStorage, ring: KeyRing): Promise<void> {
  const { db } = storage.database;
  await db
    .insertInto('accounts')
    .values({ id: 'acme', name: 'Acme', created_at: 1, next_bill_date: 1 })
    .execute();
  for (const id of [1, 2]) {
    await db
      .insertInto('account_connectors')
      .values({
        id,
        account_id: 'acme',
        connector_id: 5801,
        name: `c${id}`,
        auth_status: 'Authenticated',
        credentials_version: 1,
        refresh_token_ct: ring.seal(
          `refresh-${id}`,
          sealContext('account_connectors', 'refresh_token_ct', id),
        ),
        refresh_failures: 0,
        created_at: 1,
        updated_at: 1,
      } as never)
      .execute();
  }
  await db
    .insertInto('connector_setups')
    .values({
      connector_id: 5801,
      client_secret_ct: ring.seal('client-secret', sealContext('connector_setups', 'client_secret_ct', 5801)),
      updated_at: 1,
    })
    .execute();
}

async function refreshTokenOf(storage: OpenStorage, id: number): Promise<string> {
  const row = await storage.database.db
    .selectFrom('account_connectors')
    .select('refresh_token_ct')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.refresh_token_ct as string;
}

for (const kind of testDatabaseKinds()) {
  describe(`encryption at rest [${kind.kind}]`, () => {
    it('stores no plaintext and refuses a ciphertext copied to another row', async () => {
      const database = await kind.create();
      databases.push(database);
      const k1 = generateKey('k1');
      const storage = await storageWith(database, [k1]);
      await writeSecrets(storage, storage.keys.ring);
      const first = await refreshTokenOf(storage, 1);
      expect(first).not.toContain('refresh-1');
      expect(keyIdOf(first)).toBe('k1');
      expect(storage.keys.ring.open(first, sealContext('account_connectors', 'refresh_token_ct', 1))).toBe(
        'refresh-1',
      );
      await storage.database.db
        .updateTable('account_connectors')
        .set({ refresh_token_ct: first })
        .where('id', '=', 2)
        .execute();
      const moved = await refreshTokenOf(storage, 2);
      expect(() =>
        storage.keys.ring.open(moved, sealContext('account_connectors', 'refresh_token_ct', 2)),
      ).toThrow(DecryptionError);
    });

    it('rotates: new writes use the new key, rewrap moves old data, and the old key can then go', async () => {
      const database = await kind.create();
      databases.push(database);
      const k1 = generateKey('k1');
      const k2 = generateKey('k2');
      const before = await storageWith(database, [k1]);
      await writeSecrets(before, before.keys.ring);
      await closeAll();

      const during = await storageWith(database, [k2, k1]);
      expect(keyIdOf(during.keys.ring.seal('x', sealContext('t', 'c', 1)))).toBe('k2');
      const report = await rewrapAll(during.database.db, during.keys.ring, 1);
      expect(report.columns.find((c) => c.column === 'refresh_token_ct')?.rewrapped).toBe(2);
      expect(report.columns.find((c) => c.column === 'client_secret_ct')?.rewrapped).toBe(1);
      expect(report.remainingByKey).toEqual({ k1: 0 });
      await closeAll();

      const after = await storageWith(database, [k2]);
      const ciphertext = await refreshTokenOf(after, 2);
      expect(keyIdOf(ciphertext)).toBe('k2');
      expect(after.keys.ring.open(ciphertext, sealContext('account_connectors', 'refresh_token_ct', 2))).toBe(
        'refresh-2',
      );
    });

    it('refuses to start without a key that still has data, and with wrong material for a known key id', async () => {
      const database = await kind.create();
      databases.push(database);
      const k1 = generateKey('k1');
      const first = await storageWith(database, [k1]);
      await writeSecrets(first, first.keys.ring);
      await closeAll();

      await expect(storageWith(database, [generateKey('k2')])).rejects.toThrow(KeyMismatchError);
      await expect(storageWith(database, [generateKey('k2')])).rejects.toThrow(
        /key "k1" is missing, and 3 stored/,
      );
      await expect(storageWith(database, [generateKey('k1')])).rejects.toThrow(/key "k1" is not the key/);
      const reopened = await storageWith(database, [k1]);
      expect(await refreshTokenOf(reopened, 1)).toMatch(/^pb1\.k1\./);
    });
  });
}
