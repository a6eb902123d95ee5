import { expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';
import { fakeCliIo } from '../support/fake-cli-io.ts';
import { TEST_KEYS } from '../support/test-plugboard.ts';
import { claimOf, testKind } from '../work-queue/queue-fixture.ts';

describeOnEachDatabase('plugboard jobs list|show|retry', (fixture) => {
  const env = () => ({
    PLUGBOARD_DATABASE_URL: fixture().database.url,
    PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
    PLUGBOARD_LOG_LEVEL: 'silent',
  });

  it('lists dead jobs, shows one with its errors, and retries it with fresh attempts', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const { id } = await storage.stores.workQueue.enqueue({
      kind,
      payload: { n: 7 },
      maxAttempts: 1,
      runAt: 0,
    });
    const [job] = await storage.stores.workQueue.claim(claimOf([kind], 1_000));
    await storage.stores.workQueue.fail(
      { id, epoch: job?.epoch ?? 0 },
      { now: 2_000, message: 'the provider refused the request', retryAt: null },
    );

    const list = fakeCliIo(env());
    expect(await main(['jobs', 'list', '--status', 'dead', '--kind', kind], list)).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+${kind}\\s+dead\\s+1/1`));
    expect(list.stdout).toContain('the provider refused the request');
    expect(list.stdout).toContain('1 of 1 job(s)');

    const show = fakeCliIo(env());
    expect(await main(['jobs', 'show', String(id)], show)).toBe(0);
    const shown = JSON.parse(show.stdout);
    expect(shown).toMatchObject({ id, kind, status: 'dead', attempts: 1 });
    expect(shown.errors).toEqual([{ at: 2_000, attempt: 1, message: 'the provider refused the request' }]);
    expect(shown).not.toHaveProperty('payload');

    const retry = fakeCliIo(env());
    expect(await main(['jobs', 'retry', String(id)], retry)).toBe(0);
    expect(retry.stdout).toContain(`Job ${id} (${kind}) is queued to run now.`);
    expect(await storage.stores.workQueue.find(id)).toMatchObject({ status: 'queued', attempts: 0 });

    const again = fakeCliIo(env());
    expect(await main(['jobs', 'retry', String(id)], again)).toBe(1);
    expect(again.stderr).toContain('is not failed or dead');
  });

  it('answers a missing job, a bad id and a bad status clearly', async () => {
    const missing = fakeCliIo(env());
    expect(await main(['jobs', 'show', '999999'], missing)).toBe(1);
    expect(missing.stderr).toContain('Job 999999 was not found.');
    const badId = fakeCliIo(env());
    expect(await main(['jobs', 'retry', 'abc'], badId)).toBe(2);
    expect(badId.stderr).toContain('takes one job id');
    const badStatus = fakeCliIo(env());
    expect(await main(['jobs', 'list', '--status', 'stuck'], badStatus)).toBe(2);
    expect(badStatus.stderr).toContain('status must be one of queued, running, succeeded, failed, dead');
    const help = fakeCliIo({});
    expect(await main(['jobs', 'list', '--help'], help)).toBe(0);
    expect(help.stdout).toContain('plugboard jobs list [--status');
  });
});
