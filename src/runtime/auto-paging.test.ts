import { describe, expect, it } from 'vitest';
import { PAGING } from '../connectors/capsule-v2/common-parameters.ts';
import { parseApiBase } from './api-base.ts';
import { collectPages, nextPage, type PageResult } from './auto-paging.ts';

const base = parseApiBase('https://api.example.com/api/v2');
const page = (items: unknown[], next?: string): PageResult<string> => ({
  ok: true,
  body: { parties: items },
  headers: next ? { link: `<${next}>; rel="next"` } : {},
});

function walk(pages: Record<string, PageResult<string>>, maxPages: number) {
  const fetched: string[] = [];
  const result = collectPages<string>({
    paging: PAGING,
    wrapKey: 'parties',
    apiBase: base,
    firstUrl: 'https://api.example.com/api/v2/parties',
    maxPages,
    fetchPage: async (url) => {
      fetched.push(url);
      return pages[url] ?? { ok: false, failure: `unexpected ${url}` };
    },
    malformed: (url) => `malformed ${url}`,
  });
  return { result, fetched };
}

const P1 = 'https://api.example.com/api/v2/parties';
const P2 = 'https://api.example.com/api/v2/parties?page=2';
const P3 = 'https://api.example.com/api/v2/parties?page=3';

describe('collectPages', () => {
  it('follows next links up to the page limit and reports that more remain', async () => {
    const { result, fetched } = walk({ [P1]: page([1, 2], P2), [P2]: page([3], P3), [P3]: page([4]) }, 2);
    expect(await result).toEqual({
      ok: true,
      pages: {
        body: { parties: [1, 2, 3] },
        pagesFetched: 2,
        hasMore: true,
        nextPageUrl: P3,
        nextPage: '3',
        lastHeaders: expect.anything(),
      },
    });
    expect(fetched).toEqual([P1, P2]);
  });

  it('stops at the last page', async () => {
    const { result } = walk({ [P1]: page([1], P2), [P2]: page([2]) }, 10);
    expect(await result).toMatchObject({
      ok: true,
      pages: { body: { parties: [1, 2] }, pagesFetched: 2, hasMore: false },
    });
  });

  it('does not follow a next link to another host', async () => {
    const { result, fetched } = walk({ [P1]: page([1], 'https://evil.example/api/v2/parties?page=2') }, 5);
    const outcome = await result;
    expect(outcome).toMatchObject({ ok: true, pages: { pagesFetched: 1, hasMore: true } });
    expect(outcome.ok && outcome.pages.nextPageUrl).toBeUndefined();
    expect(fetched).toEqual([P1]);
  });

  it('names no next page when the next link carries no page parameter', async () => {
    const { result } = walk({ [P1]: page([1], 'https://api.example.com/api/v2/parties?cursor=x') }, 1);
    const outcome = await result;
    expect(outcome).toMatchObject({ ok: true, pages: { hasMore: true } });
    expect(outcome.ok && outcome.pages.nextPage).toBeUndefined();
  });

  it('does not follow a next link outside the base path', async () => {
    const { fetched } = walk({ [P1]: page([1], 'https://api.example.com/oauth/token') }, 5);
    expect(fetched).toEqual([P1]);
  });

  it('stops when a next link points back to a page already read', async () => {
    const { result } = walk({ [P1]: page([1], P2), [P2]: page([2], P1) }, 10);
    expect(await result).toMatchObject({ ok: true, pages: { pagesFetched: 2, hasMore: false } });
  });

  it('ends with the failure of a page', async () => {
    const { result } = walk({ [P1]: page([1], P2), [P2]: { ok: false, failure: 'boom' } }, 3);
    expect(await result).toEqual({ ok: false, failure: 'boom' });
  });

  it('reports a page without the list as malformed', async () => {
    const { result } = walk({ [P1]: { ok: true, body: { party: {} }, headers: {} } }, 3);
    expect(await result).toEqual({ ok: false, failure: `malformed ${P1}` });
  });
});

describe('nextPage', () => {
  it('ignores links for a method that does not page', () => {
    expect(nextPage({ style: 'none' }, { link: `<${P2}>; rel="next"` }, P1, base)).toEqual({ kind: 'none' });
  });
});
