import { describe, expect, it } from 'vitest';
import { MAX_KEPT_MATCHES, SearchResults } from './search-results.ts';

describe('known search results', () => {
  it('keeps few matches, drops the oldest search beyond its bound, and never keeps a long result', () => {
    const results = new SearchResults(2);
    results.remember('a', 1, ['x']);
    results.remember('b', 1, ['y']);
    results.remember('a', 2, ['x', 'z']);
    results.remember('c', 1, []);
    expect(results.get('b')).toBeUndefined();
    expect(results.get('a')).toEqual({ version: 2, ids: ['x', 'z'] });
    const many = Array.from({ length: MAX_KEPT_MATCHES + 1 }, (_, i) => `id-${i}`);
    results.remember('a', 3, many);
    expect(results.get('a')).toBeUndefined();
    results.forget('c');
    expect(results.get('c')).toBeUndefined();
  });
});
