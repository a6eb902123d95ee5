import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { isoTime } from './logger.ts';

const pinos = (ms: number) => `,"time":"${new Date(ms).toISOString()}"`;

describe('isoTime', () => {
  it("writes what pino's isoTime writes, milliseconds padded", () => {
    const second = Date.UTC(2026, 11, 4, 13, 45, 12);
    for (const ms of [0, 1, 9, 10, 99, 100, 345, 999]) expect(isoTime(second + ms)).toBe(pinos(second + ms));
  });

  it('moves on to the next second, minute and year', () => {
    for (const at of [Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2027, 0, 1), 0, 1_000, 999]) {
      expect(isoTime(at)).toBe(pinos(at));
    }
  });

  it('goes back to an earlier second when asked', () => {
    const later = Date.UTC(2026, 11, 4, 13, 45, 13, 5);
    const earlier = Date.UTC(2026, 11, 4, 13, 45, 12, 7);
    expect(isoTime(later)).toBe(pinos(later));
    expect(isoTime(earlier)).toBe(pinos(earlier));
  });

  it('is the time of now by default', () => {
    const before = Date.now();
    const written = isoTime();
    const after = Date.now();
    const at = Date.parse(JSON.parse(`{${written.slice(1)}}`).time);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    expect(written).toMatch(/^,"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/);
    expect(pino.stdTimeFunctions.isoTime()).toMatch(/^,"time":"/);
  });
});
