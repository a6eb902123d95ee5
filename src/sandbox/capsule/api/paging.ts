import { badRequest } from './api-errors.ts';
import type { ApiRequest, ApiResponse } from './api-types.ts';

/** The most records a page may hold on most lists; per-entity entry lists allow 50. */
export const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 50;

/** A validated page request. */
export interface PageRequest {
  page: number;
  perPage: number;
}

/** `page` (from 1) and `perPage` (1..max, default 50) from the query; 400 when out of range. */
export function readPageRequest(query: URLSearchParams, maxPerPage = MAX_PER_PAGE): PageRequest {
  const page = readPositiveInteger(query, 'page', 1);
  const perPage = readPositiveInteger(query, 'perPage', DEFAULT_PER_PAGE);
  if (perPage > maxPerPage) {
    throw badRequest(`perPage must be between 1 and ${maxPerPage}`);
  }
  return { page, perPage };
}

function readPositiveInteger(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') {
    return fallback;
  }
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw badRequest(`${name} must be a positive integer`);
  }
  return Number(raw);
}

/** Options of {@link pagedList}. */
export interface PagedListOptions<T> {
  /** The list's wrapping key, e.g. `parties`. */
  key: string;
  items: readonly T[];
  render: (item: T) => unknown;
  request: ApiRequest;
  baseUrl: string;
  maxPerPage?: number;
}

/**
 * One page of a list, wrapped in its key, with an RFC 8288 `Link` header holding `next` and `prev`
 * as absolute URLs that keep the request's other query parameters. Capsule sends no total count.
 */
export function pagedList<T>(options: PagedListOptions<T>): ApiResponse {
  const { page, perPage } = readPageRequest(options.request.query, options.maxPerPage);
  const start = (page - 1) * perPage;
  const items = options.items.slice(start, start + perPage).map(options.render);
  const links: string[] = [];
  if (start + perPage < options.items.length) {
    links.push(`<${pageUrl(options, page + 1, perPage)}>; rel="next"`);
  }
  if (page > 1) {
    const lastPage = Math.max(1, Math.ceil(options.items.length / perPage));
    links.push(`<${pageUrl(options, Math.min(page - 1, lastPage), perPage)}>; rel="prev"`);
  }
  return {
    status: 200,
    body: { [options.key]: items },
    ...(links.length > 0 ? { headers: { link: links.join(', ') } } : {}),
  };
}

function pageUrl(
  options: Pick<PagedListOptions<never>, 'request' | 'baseUrl'>,
  page: number,
  perPage: number,
): string {
  const query = new URLSearchParams(options.request.query);
  query.set('page', String(page));
  query.set('perPage', String(perPage));
  return `${options.baseUrl}/api/v2${options.request.path}?${query.toString()}`;
}
