import { beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../src/crypto/tokens.ts';
import { SignInTokenService } from '../../src/domain/sign-in-tokens/sign-in-token-service.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

describeOnEachDatabase('sign-in token redemption', (fixture) => {
  let now = Date.UTC(2025, 3, 1);
  const service = () => new SignInTokenService(fixture().storage.stores, () => now);

  beforeAll(async () => {
    await fixture()
      .storage.database.db.insertInto('accounts')
      .values({ id: 'acme', name: 'Acme', created_at: now, next_bill_date: now })
      .execute();
  });

  it('lets exactly one of ten concurrent redeems of a token succeed', async () => {
    const { token: Token } = await service().issue('acme', 'ada');
    const results = await Promise.all(Array.from({ length: 10 }, () => service().redeem(Token)));
    expect(results.filter((r) => r.ok)).toEqual([
      { ok: true, accountId: 'acme', username: 'ada', launchOptions: null },
    ]);
    expect(results.filter((r) => !r.ok)).toEqual(
      Array.from({ length: 9 }, () => ({ ok: false, reason: 'used' })),
    );
  });

  it('rejects a reused sign-in token', async () => {
    const { token: Token } = await service().issue('acme', 'ada');
    expect((await service().redeem(Token)).ok).toBe(true);
    expect(await service().redeem(Token)).toEqual({ ok: false, reason: 'used' });
  });

  it('rejects a sign-in token after its five minutes, and accepts it just before', async () => {
    const early = await service().issue('acme', 'ada');
    const late = await service().issue('acme', 'ada');
    now += 5 * 60 * 1000 - 1;
    expect((await service().redeem(early.token)).ok).toBe(true);
    now += 1;
    expect(await service().redeem(late.token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects an unknown or malformed token', async () => {
    expect(await service().redeem('no-such-token')).toEqual({ ok: false, reason: 'unknown' });
    expect(await service().redeem('')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('cleans up expired tokens when issuing, a bounded batch at a time', async () => {
    const { db } = fixture().storage.database;
    const expired = Array.from({ length: 150 }, (_, i) => ({
      token_hash: hashToken(`old-${i}`),
      account_id: 'acme',
      username: 'ada',
      created_at: now - 600_000,
      expires_at: now - 300_000,
      used_at: null,
    }));
    await db.insertInto('sign_in_tokens').values(expired).execute();
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('sign_in_tokens')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('expires_at', '<', now)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await service().issue('acme', 'ada');
    expect(before - (await count())).toBe(100);
    await service().issue('acme', 'ada');
    expect(await count()).toBe(0);
  });

  it('refuses to mint for an unknown account, writing nothing', async () => {
    await expect(service().issue('nobody', 'ada')).rejects.toThrow("Account 'nobody' was not found.");
    const users = await fixture()
      .storage.database.db.selectFrom('account_users')
      .selectAll()
      .where('account_id', '=', 'nobody')
      .execute();
    expect(users).toEqual([]);
  });
});
