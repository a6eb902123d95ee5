import { describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../connectors/capsule-v2/index.ts';
import type { RateLimitSettings } from '../connectors/connector-definition.ts';
import { blockedUntil, MAX_BLOCK_MS, readRateLimitSignal } from './rate-limit-signals.ts';

const settings = CAPSULE_V2.rateLimits;
const NOW = 1_434_037_000_000;

describe('readRateLimitSignal', () => {
  it("reads Capsule's limit, remaining and reset (epoch seconds)", () => {
    const headers = {
      'x-ratelimit-limit': '4000',
      'x-ratelimit-remaining': '56',
      'x-ratelimit-reset': '1434037662',
    };
    expect(readRateLimitSignal(settings, 200, headers, NOW)).toEqual({
      limit: 4000,
      remaining: 56,
      resetAt: 1_434_037_662_000,
    });
  });

  it('turns a 429 into a block until the reset time', () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1434037662' };
    expect(readRateLimitSignal(settings, 429, headers, NOW)).toEqual({
      remaining: 0,
      resetAt: 1_434_037_662_000,
      blockedUntil: 1_434_037_662_000,
    });
  });

  it('reports nothing when the provider said nothing', () => {
    expect(readRateLimitSignal(settings, 200, {}, NOW)).toBeUndefined();
  });

  it('ignores values that are not numbers', () => {
    expect(readRateLimitSignal(settings, 200, { 'x-ratelimit-remaining': 'lots' }, NOW)).toBeUndefined();
  });
});

describe('blockedUntil', () => {
  it('waits defaultBackoffSeconds after a 429 without Reset or Retry-After', () => {
    expect(blockedUntil(settings, {}, NOW)).toBe(NOW + 60_000);
  });

  it('does not trust a reset time already in the past', () => {
    expect(blockedUntil(settings, { 'x-ratelimit-reset': String(NOW / 1000 - 5) }, NOW)).toBe(NOW + 60_000);
  });

  it('prefers Retry-After in seconds when a provider sends it', () => {
    const headers = { 'retry-after': '7', 'x-ratelimit-reset': String(NOW / 1000 + 600) };
    expect(blockedUntil(settings, headers, NOW)).toBe(NOW + 7_000);
  });

  it('reads Retry-After as an HTTP date', () => {
    const at = new Date(NOW + 30_000).toUTCString();
    expect(blockedUntil(settings, { 'retry-after': at }, NOW)).toBe(NOW + 30_000);
  });

  it('reads a reset given in seconds from now', () => {
    const relative: RateLimitSettings = {
      ...settings,
      headers: { reset: 'RateLimit-Reset', resetFormat: 'seconds-from-now' },
    };
    expect(blockedUntil(relative, { 'ratelimit-reset': '12' }, NOW)).toBe(NOW + 12_000);
  });

  it('never blocks longer than a day, whatever the header says', () => {
    expect(blockedUntil(settings, { 'x-ratelimit-reset': '99999999999' }, NOW)).toBe(NOW + MAX_BLOCK_MS);
  });
});
