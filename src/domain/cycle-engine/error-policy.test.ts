import { describe, expect, it } from 'vitest';
import { CYCLR_RETRY_LADDER_MS, decideOnError, type ErrorFacts } from './error-policy.ts';

const base: ErrorFacts = {
  action: 'Retry',
  kind: 'transient',
  retriesSpent: 0,
  retryAttempts: 5,
  now: 1000,
  ladderScale: 1,
};

describe('step error policy', () => {
  it("walks Cyclr's ladder, 5 min to 10 h 35, then runs out of retries", () => {
    const ats = [0, 1, 2, 3, 4].map((spent) => {
      const decision = decideOnError({ ...base, retriesSpent: spent });
      return decision.action === 'retry' ? decision.at - 1000 : -1;
    });
    expect(ats).toEqual(CYCLR_RETRY_LADDER_MS);
    expect(ats.map((ms) => ms / 60_000)).toEqual([5, 35, 95, 275, 635]);
    expect(decideOnError({ ...base, retriesSpent: 5 })).toMatchObject({
      action: 'stop-transaction',
      reason: 'Out of retries.',
    });
  });

  it('shortens the ladder by the scale, and never retries a permanent failure', () => {
    expect(decideOnError({ ...base, ladderScale: 0.001 })).toMatchObject({ action: 'retry', at: 1300 });
    expect(decideOnError({ ...base, kind: 'permanent' }).action).toBe('stop-transaction');
  });

  it('ignores, stops the transaction or stops the integration as the cycle says', () => {
    expect(decideOnError({ ...base, action: 'Ignore' }).action).toBe('ignore');
    expect(decideOnError({ ...base, action: 'StopTransaction' }).action).toBe('stop-transaction');
    expect(decideOnError({ ...base, action: 'StopIntegration' }).action).toBe('stop-integration');
  });
});
