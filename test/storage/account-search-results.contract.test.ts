import { expect, it } from 'vitest';
import { AccountService } from '../../src/domain/accounts/account-service.ts';
import { accountRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

describeOnEachDatabase(
  'A search asked again is answered from its known results while the list holds',
  (fixture) => {
    it('reads the matches by id at the same version, and searches again after any add, removal or rename', async () => {
      const { stores } = fixture().storage;
      let searched = 0;
      const accounts = {
        ...stores.accounts,
        list: (query: Parameters<typeof stores.accounts.list>[0]) => {
          if (query.search !== null) searched++;
          return stores.accounts.list(query);
        },
      };
      const service = new AccountService({ ...stores, accounts }, () => 1);
      for (let i = 0; i < 6; i++) {
        await stores.accounts.insert(accountRow(`zeta-${i}`, { name: `Zeta ${i}`, createdAt: 10 + i }));
      }
      await stores.accounts.insert(accountRow('other', { name: 'Other', createdAt: 1 }));
      const search = async (page = 1) => {
        const result = await service.list({
          orderBy: 'createdDate',
          ascending: false,
          search: 'ZETA',
          page,
          pageSize: 50,
        });
        return { ids: result.items.map((a) => a.id), total: result.total };
      };
      const zetas = ['zeta-5', 'zeta-4', 'zeta-3', 'zeta-2', 'zeta-1', 'zeta-0'];
      expect(await search()).toEqual({ ids: zetas, total: 6 });
      expect(await search()).toEqual({ ids: zetas, total: 6 });
      expect(await search(2)).toEqual({ ids: [], total: 6 });
      expect(searched).toBe(1);

      // An account's other fields are read fresh: only the set and order come from the known results.
      await stores.accounts.update('zeta-3', { description: 'changed' });
      expect(
        (
          await service.list({
            orderBy: 'createdDate',
            ascending: false,
            search: 'zeta',
            page: 1,
            pageSize: 50,
          })
        ).items[2]?.description,
      ).toBe('changed');

      await stores.accounts.update('other', { name: 'Other zeta' });
      expect(await search()).toEqual({ ids: [...zetas, 'other'], total: 7 });
      expect(searched).toBe(3);
      await stores.accounts.delete('zeta-4');
      expect(await search()).toEqual({ ids: [...zetas.filter((id) => id !== 'zeta-4'), 'other'], total: 6 });
      await stores.accounts.insert(accountRow('fresh', { name: 'New Zeta', createdAt: 100 }));
      expect((await search()).ids[0]).toBe('fresh');
      await stores.accounts.update('fresh', { name: 'Renamed away' });
      expect((await search()).ids).not.toContain('fresh');
      expect(searched).toBe(6);
      expect((await search()).total).toBe(6);
      expect(searched).toBe(6);
    });
  },
);
