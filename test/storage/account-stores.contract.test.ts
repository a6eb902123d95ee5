import { expect, it } from 'vitest';
import type { Account } from '../../src/domain/accounts/account.ts';
import type { AccountListQuery } from '../../src/domain/accounts/account-store.ts';
import { accountRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const account = (id: string, createdAt: number, overrides: Partial<Account> = {}): Account =>
  accountRow(id, { timezone: 'UTC', createdAt, nextBillDate: createdAt + 1, ...overrides });

const query = (overrides: Partial<AccountListQuery> = {}): AccountListQuery => ({
  offset: 0,
  limit: 50,
  orderBy: 'createdDate',
  ascending: true,
  search: null,
  ...overrides,
});

describeOnEachDatabase('AccountStore and AccountUserStore contract', (fixture) => {
  it('stores every field of an account and reads it back, nulls and booleans included', async () => {
    const { accounts } = fixture().storage.stores;
    const full = account('full', 1000, {
      description: 'd',
      timezone: 'Europe/London',
      auditInfo: 'a',
      taskAuditInfo: 't',
      stepDataSuccessRetentionHours: 0,
      stepDataErroredRetentionHours: 744,
      transactionErrorWebhookEnabled: false,
      transactionErrorWebhookUrl: 'https://hook.example.com',
      transactionErrorWebhookIncludeWarnings: true,
    });
    expect(await accounts.insert(full)).toBe(true);
    expect(await accounts.findById('full')).toEqual(full);
    expect(await accounts.exists('full')).toBe(true);
    expect(await accounts.findById('missing')).toBeUndefined();
    expect(await accounts.exists('missing')).toBe(false);
  });

  it('refuses a second account with the same id, keeping the first', async () => {
    const { accounts } = fixture().storage.stores;
    expect(await accounts.insert(account('full', 2000, { name: 'Impostor' }))).toBe(false);
    expect((await accounts.findById('full'))?.name).toBe('Account full');
  });

  it('writes only the fields of an update and reports an unknown account', async () => {
    const { accounts } = fixture().storage.stores;
    expect(await accounts.update('full', { description: null, transactionErrorWebhookEnabled: true })).toBe(
      true,
    );
    expect(await accounts.findById('full')).toMatchObject({
      description: null,
      transactionErrorWebhookEnabled: true,
      timezone: 'Europe/London',
      stepDataErroredRetentionHours: 744,
    });
    expect(await accounts.update('missing', { name: 'x' })).toBe(false);
    expect(await accounts.update('full', {})).toBe(true);
    expect(await accounts.update('missing', {})).toBe(false);
  });

  it('lists by creation date then id, in either direction, with the total and a case-insensitive search', async () => {
    const { accounts } = fixture().storage.stores;
    await accounts.insert(account('b', 5000, { name: 'Beta Corp' }));
    await accounts.insert(account('a', 5000, { name: 'alpha corp' }));
    await accounts.insert(account('c', 4000, { name: 'Gamma' }));
    const ids = async (q: AccountListQuery) => (await accounts.list(q)).items.map((a) => a.id);
    expect(await ids(query())).toEqual(['full', 'c', 'a', 'b']);
    expect(await ids(query({ ascending: false }))).toEqual(['b', 'a', 'c', 'full']);
    expect(await ids(query({ orderBy: 'name' }))).toEqual(['full', 'a', 'b', 'c']);
    expect(await ids(query({ orderBy: 'id' }))).toEqual(['a', 'b', 'c', 'full']);
    expect(await accounts.list(query({ offset: 1, limit: 2 }))).toMatchObject({ total: 4 });
    expect(await ids(query({ offset: 1, limit: 2 }))).toEqual(['c', 'a']);
    expect(await ids(query({ search: 'CORP' }))).toEqual(['a', 'b']);
    expect((await accounts.list(query({ search: 'corp' }))).total).toBe(2);
    expect(await ids(query({ search: '%' }))).toEqual([]);
  });

  it('adds a user once per username and lists an account’s users by name', async () => {
    const { accountUsers } = fixture().storage.stores;
    expect(await accountUsers.ensure({ accountId: 'a', username: 'zed', createdAt: 1 })).toBe(true);
    expect(await accountUsers.ensure({ accountId: 'a', username: 'amy', createdAt: 2 })).toBe(true);
    expect(await accountUsers.ensure({ accountId: 'a', username: 'zed', createdAt: 3 })).toBe(false);
    expect(await accountUsers.ensure({ accountId: 'b', username: 'zed', createdAt: 4 })).toBe(true);
    const page = await accountUsers.list('a', { offset: 0, limit: 10 });
    expect(page).toEqual({
      items: [
        { accountId: 'a', username: 'amy', createdAt: 2 },
        { accountId: 'a', username: 'zed', createdAt: 1 },
      ],
      total: 2,
    });
    expect((await accountUsers.list('a', { offset: 1, limit: 1 })).items.map((u) => u.username)).toEqual([
      'zed',
    ]);
  });

  it('deletes an account with its users, and reports an unknown one', async () => {
    const { accounts, accountUsers } = fixture().storage.stores;
    expect(await accounts.delete('a')).toBe(true);
    expect(await accounts.delete('a')).toBe(false);
    expect(await accountUsers.list('a', { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
    expect((await accountUsers.list('b', { offset: 0, limit: 10 })).total).toBe(1);
  });

  it('revokes the live tokens restricted to an account and no others', async () => {
    const { apiClients, apiTokens } = fixture().storage.stores;
    await apiClients.insert({ id: 'cl', name: 'c', secretHash: 'h', createdAt: 1, revokedAt: null });
    const token = (hash: string, accountId: string | null) => ({
      tokenHash: hash,
      clientId: 'cl',
      accountId,
      createdAt: 1,
      expiresAt: 10_000,
      revokedAt: null,
    });
    await apiTokens.insert(token('t-b1', 'b'));
    await apiTokens.insert(token('t-b2', 'b'));
    await apiTokens.insert(token('t-c', 'c'));
    await apiTokens.insert(token('t-all', null));
    expect(await apiTokens.revokeForAccount('b', 50)).toBe(2);
    expect(await apiTokens.findLive('t-b1', 100)).toBeUndefined();
    expect(await apiTokens.findLive('t-c', 100)).toBeDefined();
    expect(await apiTokens.findLive('t-all', 100)).toBeDefined();
    expect(await apiTokens.revokeForAccount('b', 60)).toBe(0);
  });
});
