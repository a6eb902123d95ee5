import { describe, expect, it } from 'vitest';
import { nextSlot } from './poll-runner.ts';

describe('poll schedule', () => {
  const minute = 60_000;
  it('runs the next poll one interval after the one that was due', () => {
    expect(nextSlot(1_000_000, 5 * minute, 1_000_500)).toBe(1_000_000 + 5 * minute);
  });

  it('coalesces missed schedules after downtime into the first slot after now', () => {
    const due = 1_000_000;
    const now = due + 17 * minute + 1;
    expect(nextSlot(due, 5 * minute, now)).toBe(due + 20 * minute);
    expect(nextSlot(due, 5 * minute, due + 5 * minute)).toBe(due + 10 * minute);
  });
});
