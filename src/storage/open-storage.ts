import type { PlugboardConfig } from '../config/load-config.ts';
import type { Stores } from '../domain/stores.ts';
import { type Database, openDatabase } from './database.ts';
import { type ResolvedKeys, resolveKeys } from './key-setup.ts';
import { createStores } from './stores/index.ts';

export interface OpenStorage {
  readonly database: Database;
  readonly keys: ResolvedKeys;
  readonly stores: Stores;
  close(): Promise<void>;
}

/** Opens the database, applies migrations, proves the encryption keys and builds the stores. */
export async function openStorage(config: PlugboardConfig, now: number): Promise<OpenStorage> {
  const database = openDatabase(config.database);
  try {
    await database.migrate();
    const keys = await resolveKeys(config, database.db, now);
    const stores = createStores({ db: database.db, keyRing: keys.ring, dialect: database.dialect });
    return { database, keys, stores, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}
