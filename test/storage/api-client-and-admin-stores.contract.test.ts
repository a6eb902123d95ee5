import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/each-database.ts';

describeOnEachDatabase('ApiClientStore and AdminStore contract', (fixture) => {
  it('stores an API client and finds it by id', async () => {
    const { apiClients } = fixture().storage.stores;
    await apiClients.insert({
      id: 'c-1',
      name: 'Back office',
      secretHash: 'h1',
      createdAt: 1000,
      revokedAt: null,
    });
    expect(await apiClients.findById('c-1')).toEqual({
      id: 'c-1',
      name: 'Back office',
      secretHash: 'h1',
      createdAt: 1000,
      revokedAt: null,
    });
    expect(await apiClients.findById('missing')).toBeUndefined();
  });

  it('lists API clients oldest first', async () => {
    const { apiClients } = fixture().storage.stores;
    await apiClients.insert({ id: 'c-3', name: 'Later', secretHash: 'h3', createdAt: 3000, revokedAt: null });
    await apiClients.insert({
      id: 'c-2',
      name: 'Earlier',
      secretHash: 'h2',
      createdAt: 2000,
      revokedAt: null,
    });
    const ids = (await apiClients.list()).map((c) => c.id);
    expect(ids.indexOf('c-2')).toBeLessThan(ids.indexOf('c-3'));
  });

  it('revokes an API client once and reports unknown ones', async () => {
    const { apiClients } = fixture().storage.stores;
    expect(await apiClients.revoke('c-1', 5000)).toBe(true);
    expect((await apiClients.findById('c-1'))?.revokedAt).toBe(5000);
    expect(await apiClients.revoke('c-1', 6000)).toBe(true);
    expect((await apiClients.findById('c-1'))?.revokedAt).toBe(5000);
    expect(await apiClients.revoke('nope', 5000)).toBe(false);
  });

  it('refuses a second admin with the same username without changing the first', async () => {
    const { admins } = fixture().storage.stores;
    const first = await admins.insert({ username: 'ada', passwordHash: 'p1', createdAt: 1 });
    expect(first?.id).toBeGreaterThan(0);
    expect(await admins.insert({ username: 'ada', passwordHash: 'p2', createdAt: 2 })).toBeUndefined();
    expect((await admins.findByUsername('ada'))?.passwordHash).toBe('p1');
    expect(await admins.count()).toBe(1);
  });

  it('counts failed logins and resets them', async () => {
    const { admins } = fixture().storage.stores;
    const ada = await admins.findByUsername('ada');
    if (!ada) throw new Error('missing admin');
    await admins.recordFailedLogin(ada.id, 10);
    await admins.recordFailedLogin(ada.id, 20);
    expect(await admins.findByUsername('ada')).toMatchObject({ failedLogins: 2, lastFailedLoginAt: 20 });
    await admins.resetFailedLogins(ada.id);
    expect(await admins.findByUsername('ada')).toMatchObject({ failedLogins: 0, lastFailedLoginAt: null });
  });

  it('rolls back every write of a failed transaction', async () => {
    const { stores } = fixture().storage;
    await expect(
      stores.transaction(async (tx) => {
        await tx.apiClients.insert({
          id: 'tx-1',
          name: 'In tx',
          secretHash: 'h',
          createdAt: 1,
          revokedAt: null,
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await stores.apiClients.findById('tx-1')).toBeUndefined();
  });
});
