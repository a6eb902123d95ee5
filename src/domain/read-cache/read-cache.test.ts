import { describe, expect, it } from 'vitest';
import type { ChangeFeed, ReadScope } from './change-feed.ts';
import { ReadCache } from './read-cache.ts';

/** A feed that checks like SQLite's (once per scope) and counts its checks. */
function countingFeed() {
  const feed = {
    checks: 0,
    boundMs: 0,
    async start() {},
    current(scope?: ReadScope) {
      if (scope?.checked) return true;
      feed.checks++;
      if (scope) scope.checked = true;
      return true;
    },
    async sync() {},
    async close() {},
  };
  return feed satisfies ChangeFeed;
}

describe('read scopes', () => {
  it('check the feed once for all the reads of one scope, and once per read outside any', () => {
    const feed = countingFeed();
    const cache = new ReadCache(feed, () => 0);
    const scope = cache.open();
    for (let i = 0; i < 5; i++) cache.within(scope, () => cache.usable());
    expect(feed.checks).toBe(1);
    cache.within(cache.open(), () => cache.usable());
    expect(feed.checks).toBe(2);
    cache.usable();
    cache.usable();
    expect(feed.checks).toBe(4);
  });

  it('end with the synchronous part of the work, even when it throws', async () => {
    const feed = countingFeed();
    const cache = new ReadCache(feed, () => 0);
    const scope = cache.open();
    await cache.within(scope, async () => {
      cache.usable();
      await Promise.resolve();
      // After an await the scope is no longer in force: this read checks for itself.
      cache.usable();
    });
    expect(feed.checks).toBe(2);
    expect(() =>
      cache.within(scope, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    cache.usable();
    expect(feed.checks).toBe(3);
  });
});
