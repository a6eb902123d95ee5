import { describe, expect, it } from 'vitest';
import { PagePositions } from './page-positions.ts';

describe('PagePositions', () => {
  it('answers the nearest position at or before an offset, at the version it was seen', () => {
    const positions = new PagePositions<string>();
    expect(positions.nearest('list', 100)).toBeUndefined();
    positions.remember('list', 7, 50, 'b');
    positions.remember('list', 7, 10, 'a');
    positions.remember('list', 7, 90, 'c');
    expect(positions.nearest('list', 5)).toBeUndefined();
    expect(positions.nearest('list', 10)).toEqual({ position: 10, key: 'a', version: 7 });
    expect(positions.nearest('list', 89)).toEqual({ position: 50, key: 'b', version: 7 });
    expect(positions.nearest('list', 1000)).toEqual({ position: 90, key: 'c', version: 7 });
    expect(positions.nearest('other', 1000)).toBeUndefined();
  });

  it('drops every position of a list when it is seen at another version, or forgotten', () => {
    const positions = new PagePositions<string>();
    positions.remember('list', 1, 50, 'old');
    positions.remember('list', 2, 20, 'new');
    expect(positions.nearest('list', 60)).toEqual({ position: 20, key: 'new', version: 2 });
    positions.forget('list');
    expect(positions.nearest('list', 60)).toBeUndefined();
  });

  it('keeps at most its bounds, dropping the least recently used list and the oldest position', () => {
    const positions = new PagePositions<number>(2, 2);
    positions.remember('a', 1, 1, 1);
    positions.remember('b', 1, 1, 1);
    positions.remember('a', 1, 2, 2);
    positions.remember('c', 1, 1, 1);
    expect(positions.nearest('b', 10)).toBeUndefined();
    expect(positions.nearest('a', 10)?.position).toBe(2);
    positions.remember('a', 1, 3, 3);
    expect(positions.nearest('a', 1)).toBeUndefined();
    expect(positions.nearest('a', 2)?.position).toBe(2);
  });
});
