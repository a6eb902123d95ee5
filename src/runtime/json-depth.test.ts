import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from './json-depth.ts';

const nested = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe('exceedsJsonDepth', () => {
  it('measures flat values and shallow nesting as within the limit', () => {
    expect(exceedsJsonDepth(7)).toBe(false);
    expect(exceedsJsonDepth({ a: [1, { b: null }] })).toBe(false);
    expect(exceedsJsonDepth(nested(64))).toBe(false);
  });

  it('finds nesting past the limit, even 20,000 levels deep, without overflowing the stack', () => {
    expect(exceedsJsonDepth(nested(65))).toBe(true);
    expect(exceedsJsonDepth(nested(20_000))).toBe(true);
    expect(exceedsJsonDepth({ ok: 1, deep: nested(100) })).toBe(true);
  });
});
