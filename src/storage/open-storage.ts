import { sql } from 'kysely';
import type { PlugboardConfig } from '../config/load-config.ts';
import { type Clock, systemClock } from '../domain/clock.ts';
import type { Stores } from '../domain/stores.ts';
import { JobKindRegistry } from '../domain/work-queue/job-kind-registry.ts';
import { type Database, openDatabase } from './database.ts';
import { postgresQueueSignals, type QueueSignals, sqliteQueueSignals } from './job-wakeups.ts';
import { type ResolvedKeys, resolveKeys } from './key-setup.ts';
import { createStores } from './stores/index.ts';

export interface OpenStorage {
  readonly database: Database;
  readonly keys: ResolvedKeys;
  readonly stores: Stores;
  /** The job kinds the queue accepts; the composition root registers them. */
  readonly jobKinds: JobKindRegistry;
  /** How enqueued work is announced to worker pools. */
  readonly queueSignals: QueueSignals;
  close(): Promise<void>;
}

/** The queue's wake-up channel: one per PostgreSQL schema, so installations sharing a database stay apart. */
async function queueSignalsFor(config: PlugboardConfig, database: Database): Promise<QueueSignals> {
  if (config.database.kind === 'sqlite') return sqliteQueueSignals();
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    database.db,
  );
  return postgresQueueSignals(config.database.url, `plugboard_jobs:${rows[0]?.schema ?? 'public'}`);
}

/** Opens the database, applies migrations, proves the encryption keys and builds the stores. */
export async function openStorage(
  config: PlugboardConfig,
  now: number,
  clock: Clock = systemClock,
): Promise<OpenStorage> {
  const database = openDatabase(config.database);
  try {
    await database.migrate();
    const keys = await resolveKeys(config, database.db, now);
    const jobKinds = new JobKindRegistry();
    const queueSignals = await queueSignalsFor(config, database);
    const stores = createStores({
      db: database.db,
      keyRing: keys.ring,
      dialect: database.dialect,
      queue: { dialect: database.dialect, kinds: jobKinds, signals: queueSignals, clock },
    });
    return { database, keys, stores, jobKinds, queueSignals, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}
