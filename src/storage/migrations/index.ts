import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.ts';
import * as consoleSignIn from './0002-console-sign-in.ts';
import * as workQueue from './0003-work-queue.ts';
import * as hotPath from './0004-hot-path.ts';
import * as cycles from './0006-cycles.ts';
import * as webhooks from './0007-webhooks.ts';
import * as launch from './0008-launch.ts';
import * as accountSearch from './0009-account-search.ts';
import * as listVersions from './0010-list-versions.ts';
import * as bulkChangeAnnouncements from './0011-bulk-change-announcements.ts';
import type { SqlDialect } from './column-types.ts';

/** Migrations in order. Add new ones at the end; never edit one that has shipped. */
// biome-ignore format: one migration per line, so branches that each add one merge cleanly
const MIGRATIONS = {
  '0001-initial': initial,
  '0002-console-sign-in': consoleSignIn,
  '0003-work-queue': workQueue,
  '0004-hot-path': hotPath,
  '0006-cycles': cycles,
  '0007-webhooks': webhooks,
  '0008-launch': launch,
  '0009-account-search': accountSearch,
  '0010-list-versions': listVersions,
  '0011-bulk-change-announcements': bulkChangeAnnouncements,
} as const;

/** Supplies the migrations above to Kysely's migrator, each bound to the dialect it runs on. */
export function migrationProvider(dialect: SqlDialect): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, module] of Object.entries(MIGRATIONS)) {
        out[name] = { up: (db) => module.up(db, dialect) };
      }
      return out;
    },
  };
}
