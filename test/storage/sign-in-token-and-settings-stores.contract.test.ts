import { expect, it } from 'vitest';
import type { SignInToken } from '../../src/domain/sign-in-tokens/sign-in-token-store.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const token = (hash: string, expiresAt: number): SignInToken => ({
  tokenHash: hash,
  accountId: 'acme',
  username: 'ada',
  createdAt: 1,
  expiresAt,
  usedAt: null,
  launchOptions: null,
});

describeOnEachDatabase('SignInTokenStore and SettingsStore contract', (fixture) => {
  it('stores a token and finds it by hash', async () => {
    const { db } = fixture().storage.database;
    await db
      .insertInto('accounts')
      .values({ id: 'acme', name: 'Acme', created_at: 1, next_bill_date: 1 })
      .execute();
    const { signInTokens } = fixture().storage.stores;
    await signInTokens.insert(token('h1', 1000));
    expect(await signInTokens.findByHash('h1')).toEqual(token('h1', 1000));
    expect(await signInTokens.findByHash('nope')).toBeUndefined();
  });

  it('consumes a token once, only before it expires', async () => {
    const { signInTokens } = fixture().storage.stores;
    await signInTokens.insert(token('h2', 1000));
    expect(await signInTokens.consume('h2', 1000, 1000)).toBeUndefined();
    expect(await signInTokens.consume('h2', 999, 999)).toEqual({ ...token('h2', 1000), usedAt: 999 });
    expect(await signInTokens.consume('h2', 999, 999)).toBeUndefined();
    expect((await signInTokens.findByHash('h2'))?.usedAt).toBe(999);
    expect(await signInTokens.consume('nope', 1, 1)).toBeUndefined();
  });

  it('deletes at most the given number of tokens that expired before a time', async () => {
    const { signInTokens } = fixture().storage.stores;
    for (let i = 0; i < 5; i++) await signInTokens.insert(token(`old-${i}`, 10));
    await signInTokens.insert(token('fresh', 10_000));
    expect(await signInTokens.deleteExpired(500, 3)).toBe(3);
    expect(await signInTokens.deleteExpired(500, 100)).toBe(2);
    expect(await signInTokens.findByHash('fresh')).toBeDefined();
    expect(await signInTokens.findByHash('h1')).toBeDefined();
    expect(await signInTokens.findByHash('old-0')).toBeUndefined();
  });

  it('stores any JSON value per setting key and replaces it', async () => {
    const { settings } = fixture().storage.stores;
    expect(await settings.get('allowed_origins')).toBeUndefined();
    await settings.put('allowed_origins', ['https://a.example.com'], 1);
    expect(await settings.get('allowed_origins')).toEqual(['https://a.example.com']);
    await settings.put('allowed_origins', [], 2);
    expect(await settings.get('allowed_origins')).toEqual([]);
    await settings.put('other', { nested: { n: 1 } }, 3);
    expect(await settings.get('other')).toEqual({ nested: { n: 1 } });
  });
});
