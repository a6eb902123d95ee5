import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/accounts/account.ts';
import type { AccountListQuery } from '../../src/domain/accounts/account-store.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { migrationProvider } from '../../src/storage/migrations/index.ts';
import { sqlAccountStore } from '../../src/storage/stores/account-store.sql.ts';
import { accountRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const account = (id: string, name: string, createdAt = 1): Account => accountRow(id, { name, createdAt });

const query = (search: string, overrides: Partial<AccountListQuery> = {}): AccountListQuery => ({
  offset: 0,
  limit: 50,
  orderBy: 'createdDate',
  ascending: true,
  search,
  ...overrides,
});

describeOnEachDatabase('Account search', (fixture) => {
  const found = async (search: string, overrides: Partial<AccountListQuery> = {}) => {
    const page = await fixture().storage.stores.accounts.list(query(search, overrides));
    return { ids: page.items.map((a) => a.id), total: page.total };
  };

  it('finds a substring of the name or the id in any case, long or short, with no query syntax', async () => {
    const { accounts } = fixture().storage.stores;
    await accounts.insert(account('srch-1', 'Harbour Freight Ltd', 1));
    await accounts.insert(account('srch-2', 'North "Quoted" Co', 2));
    await accounts.insert(account('srch-3', 'Percent 100% * OR NEAR(x) col:umn', 3));
    await accounts.insert(account('SRCH-Under_score', 'Plain', 4));
    expect(await found('bour fre')).toEqual({ ids: ['srch-1'], total: 1 });
    expect(await found('HARBOUR')).toEqual({ ids: ['srch-1'], total: 1 });
    expect(await found('"quoted"')).toEqual({ ids: ['srch-2'], total: 1 });
    expect(await found('th "q')).toEqual({ ids: ['srch-2'], total: 1 });
    expect((await found('0% *')).ids).toEqual(['srch-3']);
    expect((await found('OR NEAR(x)')).ids).toEqual(['srch-3']);
    expect((await found('col:umn')).ids).toEqual(['srch-3']);
    expect((await found('r_s')).ids).toEqual(['SRCH-Under_score']);
    expect((await found('rch-')).ids).toEqual(['srch-1', 'srch-2', 'srch-3', 'SRCH-Under_score']);
    // Shorter than three characters: still a substring match, by a scan.
    expect((await found('%')).ids).toEqual(['srch-3']);
    expect((await found('_')).ids).toEqual(['SRCH-Under_score']);
    expect((await found('"')).ids).toEqual(['srch-2']);
    expect((await found('Co')).ids).toEqual(['srch-2', 'srch-3', 'SRCH-Under_score']);
    expect(await found('nowhere at all')).toEqual({ ids: [], total: 0 });
  });

  it('follows renames and deletions, and leaves other updates alone', async () => {
    const { accounts } = fixture().storage.stores;
    await accounts.insert(account('renamed', 'Old Orchard', 10));
    await accounts.insert(account('removed', 'Old Mill', 11));
    expect((await found('old ')).ids).toEqual(['renamed', 'removed']);
    expect(await accounts.update('renamed', { name: 'New Vineyard' })).toBe(true);
    expect(await found('orchard')).toEqual({ ids: [], total: 0 });
    expect(await found('vineyard')).toEqual({ ids: ['renamed'], total: 1 });
    expect(await accounts.update('renamed', { description: 'still searchable' })).toBe(true);
    expect((await found('vineyard')).ids).toEqual(['renamed']);
    expect(await accounts.delete('removed')).toBe(true);
    expect(await found('old ')).toEqual({ ids: [], total: 0 });
    expect(await found('mill')).toEqual({ ids: [], total: 0 });
    // The same id again is found once, under its new name only.
    expect(await accounts.insert(account('removed', 'Rebuilt Mill', 12))).toBe(true);
    expect(await found('mill')).toEqual({ ids: ['removed'], total: 1 });
    expect(await found('old ')).toEqual({ ids: [], total: 0 });
    expect(await accounts.insert(account('removed', 'Impostor Mill', 13))).toBe(false);
    expect(await found('mill')).toEqual({ ids: ['removed'], total: 1 });
  });

  it('pages through matches in every order, by offset and after a cursor, with the total', async () => {
    const { accounts } = fixture().storage.stores;
    const names = ['Kiwi Farm', 'apple farm', 'Mango Farm', 'banana farm', 'Cherry Farm', 'Damson Farm'];
    for (const [i, name] of names.entries()) await accounts.insert(account(`farm-${i}`, name, 100 - i));
    for (const orderBy of ['createdDate', 'name', 'id'] as const) {
      for (const ascending of [true, false]) {
        const all = (await accounts.list(query('FARM', { orderBy, ascending }))).items;
        expect(all).toHaveLength(6);
        for (const offset of [0, 2, 4, 6]) {
          const page = await accounts.list(query('FARM', { orderBy, ascending, offset, limit: 2 }));
          expect(page.total).toBe(6);
          expect(page.items.map((a) => a.id)).toEqual(all.slice(offset, offset + 2).map((a) => a.id));
          if (offset > 0) {
            const after = all[offset - 1];
            const keyset = await accounts.list(
              query('FARM', { orderBy, ascending, offset, limit: 2, after }),
            );
            expect(keyset.items.map((a) => a.id)).toEqual(page.items.map((a) => a.id));
          }
        }
      }
    }
    const byName = (await accounts.list(query('farm', { orderBy: 'name' }))).items.map((a) => a.name);
    expect(byName).toEqual([
      'apple farm',
      'banana farm',
      'Cherry Farm',
      'Damson Farm',
      'Kiwi Farm',
      'Mango Farm',
    ]);
  });
});

describe('Account search on SQLite after the upgrade that adds its index', () => {
  it('finds the accounts that existed before the upgrade, and keeps finding them after changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-search-'));
    const database = openDatabase({ kind: 'sqlite', path: join(dir, 'plugboard.db') });
    try {
      const migrator = new Migrator({ db: database.db, provider: migrationProvider('sqlite') });
      const before = await migrator.migrateTo('0008-launch');
      expect(before.error).toBeUndefined();
      const accounts = sqlAccountStore(database.db, 'sqlite');
      await accounts.insert(account('legacy-1', 'Legacy Works', 1));
      await accounts.insert(account('legacy-2', 'Modern Works', 2));
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const search = async (text: string) => (await accounts.list(query(text))).items.map((a) => a.id);
      expect(await search('works')).toEqual(['legacy-1', 'legacy-2']);
      expect(await search('legacy w')).toEqual(['legacy-1']);
      await accounts.update('legacy-1', { name: 'Renamed' });
      await accounts.delete('legacy-2');
      await accounts.insert(account('fresh', 'Fresh Works', 3));
      expect(await search('works')).toEqual(['fresh']);
      expect(await search('renamed')).toEqual(['legacy-1']);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
