import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/each-database.ts';

describeOnEachDatabase('AdminSessionStore, SetupCodeStore and LoginFailureStore contract', (fixture) => {
  it('finds a live session with its admin, and not once it has expired or been deleted', async () => {
    const { admins, adminSessions } = fixture().storage.stores;
    const admin = await admins.insert({ username: 'ada', passwordHash: 'p', createdAt: 1 });
    if (!admin) throw new Error('no admin');
    await adminSessions.insert({
      sessionHash: 's1',
      adminId: admin.id,
      csrfHash: 'c1',
      createdAt: 100,
      expiresAt: 200,
    });
    expect(await adminSessions.findLive('s1', 150)).toEqual({
      sessionHash: 's1',
      adminId: admin.id,
      csrfHash: 'c1',
      createdAt: 100,
      expiresAt: 200,
      username: 'ada',
    });
    expect(await adminSessions.findLive('s1', 200)).toBeUndefined();
    expect(await adminSessions.findLive('other', 150)).toBeUndefined();
    await adminSessions.insert({
      sessionHash: 's2',
      adminId: admin.id,
      csrfHash: 'c2',
      createdAt: 100,
      expiresAt: 300,
    });
    expect(await adminSessions.deleteExpired(250)).toBe(1);
    expect(await adminSessions.findLive('s2', 250)).toBeDefined();
    await adminSessions.delete('s2');
    expect(await adminSessions.findLive('s2', 250)).toBeUndefined();
  });

  it('consumes a live setup code once, deleting every code; a wrong or expired one changes nothing', async () => {
    const { setupCodes } = fixture().storage.stores;
    await setupCodes.insert({ codeHash: 'a', createdAt: 1, expiresAt: 100 });
    await setupCodes.insert({ codeHash: 'b', createdAt: 1, expiresAt: 1000 });
    expect(await setupCodes.consume('wrong', 50)).toBe(false);
    expect(await setupCodes.consume('a', 150)).toBe(false);
    expect(await setupCodes.consume('b', 150)).toBe(true);
    expect(await setupCodes.consume('b', 150)).toBe(false);
    await setupCodes.insert({ codeHash: 'c', createdAt: 1, expiresAt: 100 });
    await setupCodes.deleteExpired(150);
    expect(await setupCodes.consume('c', 50)).toBe(false);
  });

  it('counts failures with compare-and-set: a stale expectation loses', async () => {
    const { loginFailures } = fixture().storage.stores;
    const none = await loginFailures.read('ip:10.0.0.1');
    expect(none).toEqual({ failures: 0, lastFailedAt: null });
    expect(await loginFailures.claim('ip:10.0.0.1', none, { failures: 1, lastFailedAt: 10 })).toBe(true);
    expect(await loginFailures.claim('ip:10.0.0.1', none, { failures: 1, lastFailedAt: 11 })).toBe(false);
    const one = await loginFailures.read('ip:10.0.0.1');
    expect(one).toEqual({ failures: 1, lastFailedAt: 10 });
    expect(await loginFailures.claim('ip:10.0.0.1', one, { failures: 2, lastFailedAt: 20 })).toBe(true);
    expect(await loginFailures.claim('ip:10.0.0.1', one, { failures: 2, lastFailedAt: 21 })).toBe(false);
    await loginFailures.clear('ip:10.0.0.1');
    expect(await loginFailures.read('ip:10.0.0.1')).toEqual({ failures: 0, lastFailedAt: null });
  });

  it('forgets stale counters', async () => {
    const { loginFailures } = fixture().storage.stores;
    const none = { failures: 0, lastFailedAt: null };
    await loginFailures.claim('user:old', none, { failures: 3, lastFailedAt: 10 });
    await loginFailures.claim('user:new', none, { failures: 3, lastFailedAt: 100 });
    await loginFailures.deleteStale(50);
    expect((await loginFailures.read('user:old')).failures).toBe(0);
    expect((await loginFailures.read('user:new')).failures).toBe(3);
  });

  it("claims an admin's failed-login counter with compare-and-set", async () => {
    const { admins } = fixture().storage.stores;
    const grace = await admins.insert({ username: 'grace', passwordHash: 'p', createdAt: 1 });
    if (!grace) throw new Error('no admin');
    const none = { failures: 0, lastFailedAt: null };
    expect(await admins.claimFailedLogin(grace.id, none, { failures: 1, lastFailedAt: 5 })).toBe(true);
    expect(await admins.claimFailedLogin(grace.id, none, { failures: 1, lastFailedAt: 6 })).toBe(false);
    const stored = await admins.findByUsername('grace');
    expect([stored?.failedLogins, stored?.lastFailedLoginAt]).toEqual([1, 5]);
  });
});
