import { expect, it } from 'vitest';
import type { Cycle } from '../../src/domain/cycles/cycle.ts';
import type { CycleTransaction, StepRun } from '../../src/domain/cycles/cycle-run.ts';
import type { Stores } from '../../src/domain/stores.ts';
import type { TemplateDocument } from '../../src/domain/templates/template-document.ts';
import { accountRow } from '../support/account-rows.ts';
import { cycleRow, insertTemplateRelease, transactionRow } from '../support/cycle-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';
import { claimOf, testKind } from '../work-queue/queue-fixture.ts';

const DOCUMENT: TemplateDocument = {
  Name: 'Step work',
  Connectors: [],
  Variables: [{ SystemName: 'TargetUrl', Value: 'https://app.example.com/in' }],
  Steps: [],
};

const cycleOf = (tag: string): Cycle =>
  cycleRow({ id: `${tag}-cycle`, accountId: `${tag}-acme`, templateId: `${tag}-template` }, DOCUMENT, {
    highWaterMark: 1_000,
  });

const transaction = (id: string, dedupeKey: string | null): CycleTransaction =>
  transactionRow(
    { id, cycleId: `${id.split('-')[0]}-cycle`, accountId: `${id.split('-')[0]}-acme` },
    { dedupeKey },
  );

const run = (transactionId: string, stepKey: string, status: StepRun['status'], output: unknown) => ({
  transactionId,
  stepKey,
  attempt: 1,
  status,
  request: null,
  response: null,
  output,
  message: null,
  startedAt: 2,
  finishedAt: 3,
});

/** An account with one cycle; transactions `{tag}-…` belong to it. */
async function seed(stores: Stores, tag: string): Promise<Cycle> {
  const cycle = cycleOf(tag);
  await stores.accounts.insert(accountRow(cycle.accountId));
  await insertTemplateRelease(stores, cycle.templateId, DOCUMENT);
  await stores.cycles.insert(cycle, []);
  return cycle;
}

describeOnEachDatabase('A step job’s reads and writes', (fixture) => {
  it('inserts transactions in one batch, skipping seen dedupe keys, and their step runs in order', async () => {
    const { stores } = fixture().storage;
    const cycle = await seed(stores, 'a');
    await stores.cycleRuns.insertTransaction(transaction('a-0', 'seen'));
    const inserted = await stores.cycleRuns.insertTransactions([
      transaction('a-1', 'seen'),
      transaction('a-2', 'a'),
      transaction('a-3', 'a'),
      transaction('a-4', null),
      transaction('a-5', null),
    ]);
    expect(inserted.sort()).toEqual(['a-2', 'a-4', 'a-5']);
    await stores.cycleRuns.insertStepRuns([
      run('a-2', 'changed', 'Completed', { n: 1 }),
      run('a-2', 'skipped', 'Ignored', null),
      run('a-2', 'failing', 'Retrying', { never: 'read' }),
      run('a-2', 'send', 'Completed', 'text output'),
    ]);
    const work = await stores.cycleRuns.findStepWork('a-2');
    expect(work?.transaction).toEqual(transaction('a-2', 'a'));
    expect(work?.cycle).toEqual(cycle);
    expect(work?.accountName).toBe('Account a-acme');
    expect(work?.replay).toEqual([
      { stepKey: 'changed', output: { n: 1 } },
      { stepKey: 'skipped', output: null },
      { stepKey: 'send', output: 'text output' },
    ]);
    expect((await stores.cycleRuns.findStepWork('a-4'))?.replay).toEqual([]);
    expect(await stores.cycleRuns.findStepWork('no-such-transaction')).toBeUndefined();
  });

  it('records a step and moves its transaction on only while the transaction is unfinished', async () => {
    const { stores } = fixture().storage;
    await seed(stores, 'b');
    await stores.cycleRuns.insertTransactions([transaction('b-run', 'run'), transaction('b-stop', 'stop')]);
    await stores.cycleRuns.updateTransaction('b-stop', { status: 'Stopped', completedAt: 5, updatedAt: 5 });
    const changes = { status: 'Completed', currentStep: null, completedAt: 9, updatedAt: 9 } as const;
    const moved = await stores.transaction((tx) =>
      tx.cycleRuns.recordIfUnfinished('b-run', changes, run('b-run', 'send', 'Completed', { ok: true })),
    );
    const late = await stores.transaction((tx) =>
      tx.cycleRuns.recordIfUnfinished('b-stop', changes, run('b-stop', 'send', 'Completed', { ok: true })),
    );
    expect([moved, late]).toEqual([true, false]);
    expect(await stores.cycleRuns.findTransaction('b-run')).toMatchObject({
      status: 'Completed',
      currentStep: null,
      completedAt: 9,
    });
    expect((await stores.cycleRuns.stepRuns('b-run')).map((r) => [r.stepKey, r.output])).toEqual([
      ['send', { ok: true }],
    ]);
    expect(await stores.cycleRuns.findTransaction('b-stop')).toMatchObject({
      status: 'Stopped',
      completedAt: 5,
    });
    expect(await stores.cycleRuns.stepRuns('b-stop')).toEqual([]);
  });

  it('completes a step job with its transaction in one statement on PostgreSQL, only while the job is held', async () => {
    const { storage } = fixture();
    const { stores } = storage;
    await seed(stores, 'c');
    await stores.cycleRuns.insertTransactions([transaction('c-run', 'run'), transaction('c-stop', 'stop')]);
    await stores.cycleRuns.updateTransaction('c-stop', { status: 'Stopped', completedAt: 5, updatedAt: 5 });
    const kind = testKind(storage);
    for (let n = 0; n < 3; n++) await stores.workQueue.enqueue({ kind, payload: { n }, runAt: 1 });
    const [held, late, lost] = await stores.workQueue.claim(claimOf([kind], 10));
    if (!held || !late || !lost) throw new Error('three jobs were enqueued');
    const changes = { status: 'Completed', currentStep: null, completedAt: 9, updatedAt: 9 } as const;
    const complete = (job: { id: number; epoch: number }, id: string) =>
      stores.cycleRuns.recordCompletingJob(job, 20, id, changes, run(id, 'send', 'Completed', { ok: true }));

    const answers = [
      await complete({ id: lost.id, epoch: lost.epoch + 1 }, 'c-run'),
      await complete(late, 'c-stop'),
      await complete(held, 'c-run'),
    ];
    if (fixture().database.kind !== 'postgres') {
      expect(answers).toEqual([undefined, undefined, undefined]);
      return;
    }
    expect(answers).toEqual([false, true, true]);
    expect(await stores.workQueue.find(held.id)).toMatchObject({ status: 'succeeded', finishedAt: 20 });
    expect(await stores.workQueue.find(late.id)).toMatchObject({ status: 'succeeded' });
    // The job whose lease was lost is untouched, and so is the transaction it named.
    expect(await stores.workQueue.find(lost.id)).toMatchObject({ status: 'running', epoch: lost.epoch });
    expect(await stores.cycleRuns.findTransaction('c-run')).toMatchObject({
      status: 'Completed',
      completedAt: 9,
    });
    expect((await stores.cycleRuns.stepRuns('c-run')).map((r) => [r.stepKey, r.output])).toEqual([
      ['send', { ok: true }],
    ]);
    expect(await stores.cycleRuns.findTransaction('c-stop')).toMatchObject({
      status: 'Stopped',
      completedAt: 5,
    });
    expect(await stores.cycleRuns.stepRuns('c-stop')).toEqual([]);
  });
});
