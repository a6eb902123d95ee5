/**
 * Following a list method's pages. The provider announces the next page in a `Link: <…>; rel="next"`
 * header; Plugboard follows it up to the caller's page limit, and only to URLs under the setup's API
 * base (a next link elsewhere would carry the access token away, so it ends the walk).
 */
import type { PagingStyle } from '../connectors/connector-definition.ts';
import { type ApiBase, isUnderApiBase } from './api-base.ts';
import type { ResponseHeaders } from './http-headers.ts';
import { findLink } from './link-header.ts';

/** Where the next page is, as far as it may be followed. */
export type NextPage =
  | { readonly kind: 'none' }
  | { readonly kind: 'next'; readonly url: string }
  /** The provider announced a next page outside the API base; it is not followed. */
  | { readonly kind: 'refused' };

/** Reads the next page announced by a response of `requestUrl`, according to the paging style. */
export function nextPage(
  paging: PagingStyle,
  headers: ResponseHeaders,
  requestUrl: string,
  base: ApiBase,
): NextPage {
  if (paging.style === 'none') return { kind: 'none' };
  const url = findLink(headers, 'next', requestUrl);
  if (url === undefined) return { kind: 'none' };
  return isUnderApiBase(url, base) ? { kind: 'next', url } : { kind: 'refused' };
}

/** One fetched page: the parsed body and headers, or the failure that ends the walk. */
export type PageResult<F> =
  | { readonly ok: true; readonly body: unknown; readonly headers: ResponseHeaders }
  | { readonly ok: false; readonly failure: F };

export interface CollectPagesOptions<F> {
  readonly paging: PagingStyle;
  /** The key the list is wrapped in on every page (`parties`). */
  readonly wrapKey: string;
  readonly apiBase: ApiBase;
  readonly firstUrl: string;
  /** Most pages to fetch (at least 1). */
  readonly maxPages: number;
  readonly fetchPage: (url: string) => Promise<PageResult<F>>;
  /** The failure to report when a page has no list under `wrapKey`. */
  readonly malformed: (url: string) => F;
}

/** The pages collected, merged into one body. */
export interface CollectedPages {
  /** `{ [wrapKey]: every item of every page, in order }`. */
  readonly body: Readonly<Record<string, readonly unknown[]>>;
  readonly pagesFetched: number;
  /** True when the provider announced another page that was not fetched. */
  readonly hasMore: boolean;
  /** The next page to fetch later, when it is under the API base. */
  readonly nextPageUrl?: string;
  /**
   * The page parameter's value in `nextPageUrl` (`page=4` gives `4`): what a caller passes back as that
   * parameter to get the next page itself.
   */
  readonly nextPage?: string;
  /** Headers of the last page fetched (rate-limit state is freshest there). */
  readonly lastHeaders: ResponseHeaders;
}

/** Fetches up to `maxPages` pages, following `rel="next"`, and merges their lists. */
export async function collectPages<F>(
  options: CollectPagesOptions<F>,
): Promise<
  { readonly ok: true; readonly pages: CollectedPages } | { readonly ok: false; readonly failure: F }
> {
  const items: unknown[] = [];
  const visited = new Set<string>();
  let url = options.firstUrl;
  for (let pagesFetched = 1; ; pagesFetched++) {
    visited.add(url);
    const page = await options.fetchPage(url);
    if (!page.ok) return page;
    const list = listIn(page.body, options.wrapKey);
    if (list === undefined) return { ok: false, failure: options.malformed(url) };
    items.push(...list);
    const next = nextPage(options.paging, page.headers, url, options.apiBase);
    const done = (hasMore: boolean, nextPageUrl?: string) => ({
      ok: true as const,
      pages: {
        body: { [options.wrapKey]: items },
        pagesFetched,
        hasMore,
        ...(nextPageUrl === undefined ? {} : { nextPageUrl }),
        ...pageParameterOf(options.paging, nextPageUrl),
        lastHeaders: page.headers,
      },
    });
    if (next.kind === 'none') return done(false);
    if (next.kind === 'refused') return done(true);
    // A provider that links back to a page already read would loop forever.
    if (visited.has(next.url)) return done(false);
    if (pagesFetched >= Math.max(1, options.maxPages)) return done(true, next.url);
    url = next.url;
  }
}

function pageParameterOf(paging: PagingStyle, url: string | undefined): { nextPage?: string } {
  if (url === undefined || paging.style !== 'page-number') return {};
  const value = new URL(url).searchParams.get(paging.pageParameter);
  return value === null || value === '' ? {} : { nextPage: value };
}

function listIn(body: unknown, wrapKey: string): readonly unknown[] | undefined {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, wrapKey)) return undefined;
  const value = (body as Record<string, unknown>)[wrapKey];
  return Array.isArray(value) ? value : undefined;
}
