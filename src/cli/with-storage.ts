import type { PlugboardConfig } from '../config/load-config.ts';
import { systemClock } from '../domain/clock.ts';
import { PlugboardError } from '../domain/errors.ts';
import { type OpenStorage, openStorage } from '../storage/open-storage.ts';
import { CliError } from './cli-io.ts';

/**
 * Runs a command's work with the database open (migrated, keys proved), closing it afterwards; a domain
 * refusal becomes a CLI error with the same message.
 */
export async function withStorage<T>(
  config: PlugboardConfig,
  work: (storage: OpenStorage) => Promise<T>,
): Promise<T> {
  const storage = await openStorage(config, systemClock());
  try {
    return await work(storage);
  } catch (error) {
    if (error instanceof PlugboardError) throw new CliError(error.message);
    throw error;
  } finally {
    await storage.close();
  }
}
