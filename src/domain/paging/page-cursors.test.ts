import { describe, expect, it } from 'vitest';
import { PageCursors } from './page-cursors.ts';

describe('PageCursors', () => {
  it('hands the end of the previous page to the next page of the same list and size', () => {
    const cursors = new PageCursors<number>(() => 0);
    cursors.remember('a', 50, 1, 50);
    expect(cursors.before('a', 50, 2)).toBe(50);
    expect(cursors.before('a', 50, 3)).toBeUndefined();
    expect(cursors.before('a', 20, 2)).toBeUndefined();
    expect(cursors.before('b', 50, 2)).toBeUndefined();
    expect(cursors.before('a', 50, 1)).toBeUndefined();
  });

  it('forgets cursors after their time-to-live, beyond its size, and on request', () => {
    let now = 0;
    const cursors = new PageCursors<number>(() => now, 2, 1_000);
    cursors.remember('a', 10, 1, 10);
    now = 1_001;
    expect(cursors.before('a', 10, 2)).toBeUndefined();
    cursors.remember('a', 10, 1, 10);
    cursors.remember('a', 10, 2, 20);
    cursors.remember('a', 10, 3, 30);
    expect(cursors.before('a', 10, 2)).toBeUndefined();
    expect(cursors.before('a', 10, 4)).toBe(30);
    cursors.forget('a');
    expect(cursors.before('a', 10, 3)).toBeUndefined();
  });
});
