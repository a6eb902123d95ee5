import type { Kysely } from 'kysely';
import type { SettingsStore } from '../../domain/settings/settings-store.ts';
import type { DatabaseSchema } from '../schema.ts';

export function sqlSettingsStore(db: Kysely<DatabaseSchema>): SettingsStore {
  return {
    async get(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    async put(key, value, at) {
      const text = JSON.stringify(value);
      await db
        .insertInto('settings')
        .values({ key, value: text, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: at }))
        .execute();
    },
  };
}
