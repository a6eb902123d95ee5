import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, decideRetry } from './retry-schedule.ts';

const HOUR = 3_600_000;

describe('decideRetry', () => {
  it('calls any 2xx delivered', () => {
    expect(decideRetry({ kind: 'answered', status: 204 }, 1, 0, 0)).toEqual({ action: 'delivered' });
  });

  it('retries the first failure within 10 seconds', () => {
    const decision = decideRetry({ kind: 'network-error' }, 1, 1000, 1000);
    expect(decision.action).toBe('retry');
    if (decision.action === 'retry') expect(decision.at - 1000).toBeLessThanOrEqual(10_000);
  });

  it.each([408, 429, 500, 503])('retries an answer of %i', (status) => {
    expect(decideRetry({ kind: 'answered', status }, 3, 0, 10).action).toBe('retry');
  });

  it.each([301, 400, 404, 410])('does not retry an answer of %i', (status) => {
    expect(decideRetry({ kind: 'answered', status }, 1, 0, 0)).toMatchObject({
      action: 'give-up',
      final: 'Failed',
    });
  });

  it('honours a Retry-After longer than the schedule', () => {
    const decision = decideRetry({ kind: 'answered', status: 429, retryAfterMs: 60_000 }, 1, 0, 0);
    expect(decision).toMatchObject({ action: 'retry', at: 60_000 });
  });

  it('spreads retries over three days, the last one at the deadline, then gives up', () => {
    let now = 0;
    let attempt = 1;
    const times: number[] = [];
    for (;;) {
      const decision = decideRetry({ kind: 'answered', status: 503 }, attempt, 0, now);
      if (decision.action !== 'retry') {
        expect(decision).toMatchObject({ action: 'give-up', final: 'Dead' });
        break;
      }
      times.push(decision.at);
      now = decision.at;
      attempt += 1;
    }
    expect(times.at(-1)).toBe(DEFAULT_RETRY_SCHEDULE.windowMs);
    expect(times.at(-2)).toBeLessThan(72 * HOUR);
    expect(times.length).toBeGreaterThan(10);
    expect(times.every((t, i) => i === 0 || t > (times[i - 1] ?? 0))).toBe(true);
  });
});
