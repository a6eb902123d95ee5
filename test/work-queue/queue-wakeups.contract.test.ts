import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/each-database.ts';
import { testKind } from './queue-fixture.ts';

describeOnEachDatabase('Work queue wake-ups', (fixture) => {
  it('announces a transaction of many jobs once, and again only for a job due sooner', async () => {
    const { storage } = fixture();
    const kind = testKind(storage);
    const wakeups = storage.queueSignals.listen(() => undefined);
    const heard: number[] = [];
    const unsubscribe = wakeups.subscribe((runAt) => heard.push(runAt));
    await wakeups.ready();
    // A fresh listening connection announces "look now" (0) once it is up.
    heard.length = 0;
    try {
      await storage.stores.transaction(async (tx) => {
        for (const runAt of [5_000, 6_000, 5_000, 7_000, 4_000, 4_500]) {
          await tx.workQueue.enqueue({ kind, payload: { n: runAt }, runAt });
        }
      });
      // A job enqueued on its own is announced on its own; once it is heard, so is all that came before.
      await storage.stores.workQueue.enqueue({ kind, payload: { n: 0 }, runAt: 9_999 });
      const deadline = Date.now() + 5_000;
      while (!heard.includes(9_999) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(heard).toEqual([5_000, 4_000, 9_999]);
      expect(await storage.stores.workQueue.count({ kind })).toBe(7);
    } finally {
      unsubscribe();
      await wakeups.close();
    }
  });
});
