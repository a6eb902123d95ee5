import { expect, it, vi } from 'vitest';
import { AccountService } from '../../src/domain/accounts/account-service.ts';
import type { AccountCursor } from '../../src/domain/accounts/account-store.ts';
import { PagePositions } from '../../src/domain/paging/page-positions.ts';
import { PositionSampling } from '../../src/domain/paging/position-sampling.ts';
import { accountRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

describeOnEachDatabase('Deep pages of accounts start from sampled positions', (fixture) => {
  /** A service that samples every 2nd account after a walk of 3 rows, 4 rows per statement. */
  function sampledService(stores = fixture().storage.stores) {
    const clock = () => 1;
    const positions = new PagePositions<AccountCursor>();
    const sampling = new PositionSampling(positions, clock, {
      minWalk: 3,
      maxPositions: 1_000,
      minEvery: 2,
      sliceRows: 4,
      intervalMs: 0,
    });
    const service = new AccountService(stores, clock, undefined, undefined, positions, sampling);
    return { service, positions };
  }

  it('records every N-th position at the list version, and every page stays exact after inserts and deletes', async () => {
    const { stores } = fixture().storage;
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) {
      const id = `deep-${String(i).padStart(2, '0')}`;
      await stores.accounts.insert(accountRow(id, { createdAt: 100 + (i % 7) }));
      ids.push(id);
    }
    const { service, positions } = sampledService();
    const expected = async (orderBy: 'createdDate' | 'id', ascending: boolean) => {
      const all = await stores.accounts.list({ offset: 0, limit: 1000, orderBy, ascending, search: null });
      return all.items.map((a) => a.id);
    };
    const pages = async (orderBy: 'createdDate' | 'id', ascending: boolean, pageSize: number) => {
      const seen: string[][] = [];
      // Deepest first, so that no page starts from the start of a page asked before it.
      for (let page = Math.ceil(30 / pageSize); page >= 1; page--) {
        const { items } = await service.list({ orderBy, ascending, search: null, page, pageSize });
        seen.unshift(items.map((a) => a.id));
      }
      return seen.flat();
    };
    for (const [orderBy, ascending] of [
      ['createdDate', true],
      ['id', false],
    ] as const) {
      await service.list({ orderBy, ascending, search: null, page: 7, pageSize: 3 });
      await service.lastSampling;
      const list = `accounts:${orderBy}:${ascending}:`;
      expect(positions.nearest(list, 20)?.position).toBe(20);
      expect(positions.nearest(list, 11)?.position).toBe(10);
      expect(await pages(orderBy, ascending, 3)).toEqual(await expected(orderBy, ascending));

      // Rows added before and removed from the middle: the sampled positions are of an old version.
      await stores.accounts.insert(accountRow(`deep-${orderBy}-new`, { createdAt: 1 }));
      await stores.accounts.delete(ids.splice(5, 1)[0] ?? '');
      expect(await pages(orderBy, ascending, 4)).toEqual(await expected(orderBy, ascending));
      await service.lastSampling;
      expect(await pages(orderBy, ascending, 2)).toEqual(await expected(orderBy, ascending));
    }
  });

  it('samples the default order when asked before any page, and a deep page asked meanwhile waits for the walk', async () => {
    const { stores } = fixture().storage;
    for (let i = 0; i < 21; i++) {
      await stores.accounts.insert(accountRow(`start-${String(i).padStart(2, '0')}`, { createdAt: 100 + i }));
    }
    // Each slice of the walk waits for a go, so a page can be asked while the walk is under way.
    const gates: (() => void)[] = [];
    const startsOfPageReads: (number | undefined)[] = [];
    const accounts = {
      ...stores.accounts,
      list: (query: Parameters<typeof stores.accounts.list>[0]) => {
        if (query.offset > 0) startsOfPageReads.push(query.from?.position);
        return stores.accounts.list(query);
      },
      samplePositions: async (slice: Parameters<typeof stores.accounts.samplePositions>[0]) => {
        await new Promise<void>((resolve) => gates.push(resolve));
        return stores.accounts.samplePositions(slice);
      },
    };
    const { service, positions } = sampledService({ ...stores, accounts });
    const walk = service.sampleDefaultOrder();
    await vi.waitFor(() => expect(gates.length).toBe(1));
    const deepPage = service.list({
      orderBy: 'createdDate',
      ascending: true,
      search: null,
      page: 9,
      pageSize: 2,
    });
    while (startsOfPageReads.length === 0) {
      await vi.waitFor(() => expect(gates.length).toBeGreaterThan(0));
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const expected = await stores.accounts.list({
      offset: 16,
      limit: 2,
      orderBy: 'createdDate',
      ascending: true,
      search: null,
    });
    expect((await deepPage).items.map((a) => a.id)).toEqual(expected.items.map((a) => a.id));
    expect(startsOfPageReads).toEqual([16]);
    let walked = false;
    void walk.then(() => {
      walked = true;
    });
    while (!walked) {
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await walk;
    expect(positions.nearest('accounts:createdDate:true:', 20)?.position).toBe(20);
  });

  it('abandons a walk that finds the list at another version', async () => {
    const positions = new PagePositions<number>();
    const sampling = new PositionSampling(positions, () => 1, {
      minWalk: 1,
      maxPositions: 1_000,
      minEvery: 2,
      sliceRows: 2,
      intervalMs: 0,
    });
    let slices = 0;
    await sampling.afterWalk('moving', 1, 10, 5, async (slice) => {
      slices++;
      return {
        version: slices === 1 ? 1 : 2,
        positions: [{ position: slice.start, key: slice.start }],
        last: 0,
      };
    });
    expect(slices).toBe(2);
    expect(positions.nearest('moving', 9)).toEqual({ position: 0, key: 0, version: 1 });
  });
});
