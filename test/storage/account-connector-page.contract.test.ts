import { expect, it } from 'vitest';
import { accountRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

describeOnEachDatabase('A page of account connectors in one statement', (fixture) => {
  it('carries each row’s properties by id, the count and the version, also past the last page', async () => {
    const { stores } = fixture().storage;
    await stores.accounts.insert(accountRow('one-statement', { createdAt: 1 }));
    const ids: number[] = [];
    for (const name of ['a', 'b', 'c']) {
      const input = { accountId: 'one-statement', connectorId: 1, name, description: null, createdAt: 1 };
      ids.push((await stores.accountConnectors.insert(input)).id);
    }
    const [a = 0, b = 0, c = 0] = ids;
    await stores.connectorProperties.insert(a, 'z', '3', 1);
    await stores.connectorProperties.insert(b, 'y "quoted" ü', null, 1);
    await stores.connectorProperties.insert(a, 'x', '', 1);
    const page = await stores.accountConnectors.list('one-statement', {
      offset: 0,
      limit: 10,
      withProperties: true,
    });
    expect(page.items.map((item) => item.id)).toEqual(ids);
    expect(page.total).toBe(3);
    const expected = await stores.connectorProperties.listForMany(ids);
    expect([...(page.properties ?? new Map())]).toEqual([
      [a, expected.filter((p) => p.accountConnectorId === a)],
      [b, expected.filter((p) => p.accountConnectorId === b)],
      [c, []],
    ]);
    expect(page.properties?.get(a)?.map((p) => p.name)).toEqual(['z', 'x']);
    expect(page.properties?.get(b)?.[0]).toMatchObject({ name: 'y "quoted" ü', value: null });

    const without = await stores.accountConnectors.list('one-statement', { offset: 1, limit: 1 });
    expect(without.items.map((item) => item.id)).toEqual([b]);
    expect(without.properties).toBeUndefined();
    expect(without.version).toBe(page.version);

    const past = await stores.accountConnectors.list('one-statement', {
      offset: 5,
      limit: 2,
      withProperties: true,
    });
    expect(past).toMatchObject({ items: [], total: 3, version: page.version });
    expect((await stores.accountConnectors.list('no-such-account', { offset: 0, limit: 2 })).total).toBe(0);
  });
});
