import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { CredentialsUnreadableError } from '../../src/domain/account-connectors/connector-credential-store.ts';
import { SEARCH_COUNT_CAP } from '../../src/domain/accounts/account-store.ts';
import { accountRow, credentialsRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const credentials = credentialsRow({ metadata: {} });

const account = (id: string, createdAt: number, name = id) => accountRow(id, { name, createdAt });

describeOnEachDatabase('Lists, counters and the refresh schedule at scale', (fixture) => {
  it('keeps row counts with triggers: accounts, and connectors per account, also through cascades', async () => {
    const { stores } = fixture().storage;
    const list = async (search: string | null = null) =>
      stores.accounts.list({ offset: 0, limit: 1, orderBy: 'id', ascending: true, search });
    const before = (await list()).total;
    for (const id of ['count-a', 'count-b', 'count-c']) await stores.accounts.insert(account(id, 1));
    expect((await list()).total).toBe(before + 3);
    expect((await list('count-')).total).toBe(3);
    for (let i = 0; i < 3; i++) {
      await stores.accountConnectors.insert({
        accountId: 'count-a',
        connectorId: 1,
        name: `c${i}`,
        description: null,
        createdAt: i,
      });
    }
    const page = await stores.accountConnectors.list('count-a', { offset: 0, limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(3);
    expect(await stores.accountConnectors.delete('count-a', page.items[0]?.id ?? 0)).toBe(true);
    expect((await stores.accountConnectors.list('count-a', { offset: 0, limit: 2 })).total).toBe(2);
    expect(await stores.accounts.delete('count-a')).toBe(true);
    expect((await list()).total).toBe(before + 2);
    expect((await stores.accountConnectors.list('count-a', { offset: 0, limit: 2 })).total).toBe(0);
  });

  it('pages by offset in the index and by keyset after a known row, with the same rows', async () => {
    const { stores } = fixture().storage;
    await stores.accounts.insert(account('paged', 1));
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const created = await stores.accountConnectors.insert({
        accountId: 'paged',
        connectorId: 1,
        name: `p${i}`,
        description: null,
        createdAt: i,
      });
      ids.push(created.id);
    }
    const byOffset = async (offset: number) =>
      (await stores.accountConnectors.list('paged', { offset, limit: 3 })).items.map((c) => c.id);
    expect(await byOffset(0)).toEqual(ids.slice(0, 3));
    expect(await byOffset(3)).toEqual(ids.slice(3, 6));
    expect(await byOffset(6)).toEqual(ids.slice(6));
    expect(await byOffset(9)).toEqual([]);
    const afterThird = await stores.accountConnectors.list('paged', { offset: 3, limit: 3, afterId: ids[2] });
    expect(afterThird.items.map((c) => c.id)).toEqual(ids.slice(3, 6));
  });

  it('pages accounts by each order, ascending and descending, the same by offset and by keyset', async () => {
    const { stores } = fixture().storage;
    const names = ['delta', 'Alpha', 'charlie', 'bravo', 'echo'];
    for (const [i, name] of names.entries())
      await stores.accounts.insert(account(`order-${i}`, 100 + (i % 2), name));
    for (const orderBy of ['createdDate', 'name', 'id'] as const) {
      for (const ascending of [true, false]) {
        const base = { orderBy, ascending, search: 'order-' };
        const all = (await stores.accounts.list({ ...base, offset: 0, limit: 10 })).items;
        expect(all).toHaveLength(5);
        const second = (await stores.accounts.list({ ...base, offset: 2, limit: 2 })).items;
        expect(second.map((a) => a.id)).toEqual(all.slice(2, 4).map((a) => a.id));
        const keyset = (await stores.accounts.list({ ...base, offset: 2, limit: 2, after: all[1] })).items;
        expect(keyset.map((a) => a.id)).toEqual(all.slice(2, 4).map((a) => a.id));
      }
    }
    const byName = (
      await stores.accounts.list({ orderBy: 'name', ascending: true, search: 'order-', offset: 0, limit: 10 })
    ).items;
    expect(byName.map((a) => a.name)).toEqual(['Alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(SEARCH_COUNT_CAP).toBeGreaterThanOrEqual(1000);
  });

  it('starts a page from a known position, and raises the list versions on every change that moves rows', async () => {
    const { stores } = fixture().storage;
    const base = { orderBy: 'createdDate', ascending: false, search: 'known-' } as const;
    for (let i = 0; i < 6; i++) await stores.accounts.insert(account(`known-${i}`, 500 + i));
    const all = (await stores.accounts.list({ ...base, offset: 0, limit: 10 })).items;
    const nth = (i: number) => {
      const found = all[i];
      if (!found) throw new Error(`no account ${i}`);
      return found;
    };
    const v0 = (await stores.accounts.list({ ...base, offset: 0, limit: 1 })).version;
    for (const [position, offset] of [
      [1, 1],
      [1, 3],
      [2, 5],
    ] as const) {
      const from = { position, key: nth(position), version: v0 };
      const page = await stores.accounts.list({ ...base, offset, limit: 2, from });
      expect(page.items.map((a) => a.id)).toEqual(all.slice(offset, offset + 2).map((a) => a.id));
    }
    const version = async () => (await stores.accounts.list({ ...base, offset: 0, limit: 1 })).version;
    await stores.accounts.update('known-1', { description: 'moves nothing' });
    expect(await version()).toBe(v0);
    await stores.accounts.update('known-1', { name: 'renamed' });
    const v1 = await version();
    expect(v1).toBeGreaterThan(v0);
    await stores.accounts.delete('known-2');
    const v2 = await version();
    expect(v2).toBeGreaterThan(v1);
    await stores.accounts.insert(account('known-9', 1));
    expect(await version()).toBeGreaterThan(v2);

    await stores.accounts.insert(account('positions', 1));
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const input = {
        accountId: 'positions',
        connectorId: 1,
        name: `k${i}`,
        description: null,
        createdAt: i,
      };
      ids.push((await stores.accountConnectors.insert(input)).id);
    }
    const first = await stores.accountConnectors.list('positions', { offset: 0, limit: 1 });
    const from = { position: 1, key: ids[1] ?? 0, version: first.version };
    const at = async (offset: number) =>
      (await stores.accountConnectors.list('positions', { offset, limit: 2, from })).items.map((c) => c.id);
    expect(await at(1)).toEqual(ids.slice(1, 3));
    expect(await at(2)).toEqual(ids.slice(2, 4));
    expect(await at(4)).toEqual(ids.slice(4));
    await stores.accountConnectors.delete('positions', ids[0] ?? 0);
    const afterDelete = await stores.accountConnectors.list('positions', { offset: 0, limit: 1 });
    expect(afterDelete.version).toBeGreaterThan(first.version);
    await stores.accountConnectors.insert({
      accountId: 'positions',
      connectorId: 1,
      name: 'k9',
      description: null,
      createdAt: 9,
    });
    expect(
      (await stores.accountConnectors.list('positions', { offset: 0, limit: 1 })).version,
    ).toBeGreaterThan(afterDelete.version);
  });

  it('reads a page of connectors’ properties in one query', async () => {
    const { stores } = fixture().storage;
    await stores.accounts.insert(account('props', 1));
    const a = await stores.accountConnectors.insert({
      accountId: 'props',
      connectorId: 1,
      name: 'a',
      description: null,
      createdAt: 1,
    });
    const b = await stores.accountConnectors.insert({
      accountId: 'props',
      connectorId: 1,
      name: 'b',
      description: null,
      createdAt: 1,
    });
    await stores.connectorProperties.insert(a.id, 'x', '1', 1);
    await stores.connectorProperties.insert(b.id, 'y', '2', 1);
    await stores.connectorProperties.insert(a.id, 'z', '3', 1);
    const found = await stores.connectorProperties.listForMany([a.id, b.id]);
    expect(found.map((p) => [p.accountConnectorId, p.name])).toEqual([
      [a.id, 'x'],
      [a.id, 'z'],
      [b.id, 'y'],
    ]);
    expect(await stores.connectorProperties.listForMany([])).toEqual([]);
  });

  it('schedules refreshes by next_refresh_at: only what is due is read, in (due, id) order', async () => {
    const { stores } = fixture().storage;
    await stores.accounts.insert(account('sweep', 1));
    const make = async (name: string) =>
      (
        await stores.accountConnectors.insert({
          accountId: 'sweep',
          connectorId: 1,
          name,
          description: null,
          createdAt: 1,
        })
      ).id;
    const [early, late, never] = [await make('early'), await make('late'), await make('never')];
    await stores.connectorCredentials.storeCredentials(early, credentials, 5, { nextRefreshAt: 1_000 });
    await stores.connectorCredentials.storeCredentials(late, credentials, 5, { nextRefreshAt: 2_000 });
    await stores.connectorCredentials.storeCredentials(never, { ...credentials, refreshToken: null }, 5);
    const due = async (now: number, after: { dueAt: number; id: number } | null = null) =>
      (await stores.connectorCredentials.dueForRefresh({ now, after, limit: 10 }))
        .filter((d) => [early, late, never].includes(d.connector.id))
        .map((d) => d.connector.id);
    expect(await due(999)).toEqual([]);
    expect(await due(1_500)).toEqual([early]);
    expect(await due(5_000)).toEqual([early, late]);
    expect(await due(5_000, { dueAt: 1_000, id: early })).toEqual([late]);
    await stores.connectorCredentials.scheduleRefresh([
      { id: early, nextRefreshAt: 9_000 },
      { id: late, nextRefreshAt: null },
    ]);
    expect(await due(5_000)).toEqual([]);
    expect(await due(9_000)).toEqual([early]);
    await stores.connectorCredentials.recordRefreshFailure(early, 1, 'down', 20_000, 6);
    expect(await due(9_000)).toEqual([]);
    expect(await due(20_000)).toEqual([early]);
    await stores.connectorCredentials.clearCredentials(early, 7);
    expect(await due(1e15)).toEqual([]);
  });

  it('marks credentials that cannot be decrypted once, and stops scheduling them', async () => {
    const { stores, database } = fixture().storage;
    await stores.accounts.insert(account('unreadable', 1));
    const { id } = await stores.accountConnectors.insert({
      accountId: 'unreadable',
      connectorId: 1,
      name: 'u',
      description: null,
      createdAt: 1,
    });
    await stores.connectorCredentials.storeCredentials(id, credentials, 5, { nextRefreshAt: 10 });
    // A ciphertext sealed for another row does not open here: the same failure as a lost key.
    await sql`update account_connectors set access_token_ct = refresh_token_ct where id = ${id}`.execute(
      database.db,
    );
    await expect(stores.connectorCredentials.readCredentials(id)).rejects.toBeInstanceOf(
      CredentialsUnreadableError,
    );
    expect(await stores.connectorCredentials.markUnreadable(id, 20)).toBe(true);
    expect(await stores.connectorCredentials.markUnreadable(id, 21)).toBe(false);
    const due = await stores.connectorCredentials.dueForRefresh({ now: 1e15, after: null, limit: 100 });
    expect(due.map((d) => d.connector.id)).not.toContain(id);
  });
});
