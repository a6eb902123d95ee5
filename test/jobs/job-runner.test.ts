import { expect, it } from 'vitest';
import { JobRunner } from '../../src/jobs/job-runner.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

describeOnEachDatabase('durable jobs', (fixture) => {
  it('creates a recurring job once, however many processes ensure it', async () => {
    const { jobs } = fixture().storage.stores;
    await Promise.all([
      jobs.ensure('sweep', 'sweep-1', 100, '{}'),
      jobs.ensure('sweep', 'sweep-1', 200, '{}'),
    ]);
    expect((await jobs.find('sweep-1'))?.runAt).toBe(100);
  });

  it('lets one holder claim a due job at a time, and another only after the lock runs out', async () => {
    const { stores, database } = fixture().storage;
    const { jobs } = stores;
    await database.db.deleteFrom('jobs').execute();
    await jobs.ensure('claim', 'claim-1', 1_000, '{"n":1}');
    const claims = await Promise.all([jobs.claimDue('a', 2_000, 500), jobs.claimDue('b', 2_000, 500)]);
    const winners = claims.filter((c) => c?.dedupeKey === 'claim-1');
    expect(winners).toHaveLength(1);
    expect(await jobs.claimDue('c', 2_400, 500)).toBeUndefined();
    const after = await jobs.claimDue('c', 2_600, 500);
    expect(after?.dedupeKey).toBe('claim-1');
    expect(after?.attempts).toBe(2);
    await jobs.reschedule(after?.id ?? 0, 'c', 10_000, '{"n":2}');
    expect(await jobs.find('claim-1')).toMatchObject({ runAt: 10_000, payload: '{"n":2}', attempts: 0 });
  });

  it('survives a handler failure: the job is retried later, with the error kept', async () => {
    const { stores, database } = fixture().storage;
    const { jobs } = stores;
    await database.db.deleteFrom('jobs').execute();
    let now = 50_000;
    await jobs.ensure('flaky', 'flaky-1', now, '{}');
    let calls = 0;
    const runner = new JobRunner({
      store: jobs,
      holder: 'runner',
      clock: () => now,
      handlers: {
        flaky: async () => {
          calls++;
          if (calls === 1) throw new Error('provider down');
          return { runAt: now + 60_000, payload: '{}' };
        },
      },
    });
    await runner.runDueJobs();
    const failed = await jobs.find('flaky-1');
    expect(failed?.runAt).toBeGreaterThan(now);
    now = (failed?.runAt ?? now) + 1;
    await runner.runDueJobs();
    expect(calls).toBe(2);
    expect((await jobs.find('flaky-1'))?.runAt).toBe(now + 60_000);
  });
});
