import { describe, expect, it } from 'vitest';
import { decideRetry, defaultBackoffMs } from './retry-policy.ts';

describe('retry policy', () => {
  it('doubles the default backoff from 5 s and stops growing at one hour', () => {
    expect([1, 2, 3, 4].map(defaultBackoffMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(defaultBackoffMs(30)).toBe(3_600_000);
  });

  it('retries within ±25 % of the backoff', () => {
    const at = (random: number) =>
      decideRetry({ attempt: 2, maxAttempts: 5, permanent: false, now: 1_000, random: () => random });
    expect(at(0)).toEqual({ kind: 'retry', retryAt: 1_000 + 7_500 });
    expect(at(0.5)).toEqual({ kind: 'retry', retryAt: 1_000 + 10_000 });
    expect(at(0.999_999)).toEqual({ kind: 'retry', retryAt: 1_000 + 12_500 });
  });

  it("uses the kind's backoff when it has one", () => {
    const decision = decideRetry({
      attempt: 3,
      maxAttempts: 5,
      permanent: false,
      now: 0,
      backoffMs: (attempt) => attempt * 100,
      random: () => 0.5,
    });
    expect(decision).toEqual({ kind: 'retry', retryAt: 300 });
  });

  it('gives up when the attempts are spent or the failure is permanent', () => {
    expect(decideRetry({ attempt: 5, maxAttempts: 5, permanent: false, now: 0 })).toEqual({
      kind: 'dead',
      reason: 'attempts_exhausted',
    });
    expect(decideRetry({ attempt: 1, maxAttempts: 5, permanent: true, now: 0 })).toEqual({
      kind: 'dead',
      reason: 'permanent',
    });
  });
});
