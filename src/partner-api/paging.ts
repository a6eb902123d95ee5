import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { PlugboardError } from '../domain/errors.ts';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 50;

/** Query schema fragment shared by every list route. Values are checked by {@link readPaging}. */
export const PagingQuery = {
  page: Type.Optional(Type.String()),
  pageSize: Type.Optional(Type.String()),
};

export interface Paging {
  readonly page: number;
  readonly pageSize: number;
  readonly offset: number;
}

/** The last page anyone can ask for: keeps the offset a small, exact integer in every database. */
export const MAX_PAGE = 1_000_000;

/** Plain decimal digits only: `Number()` would also take `1e20`, `0x10` and ` 5 `. */
function wholeNumber(text: string): number {
  return /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
}

/** Reads `page` (1..1,000,000) and `pageSize` (1..1000, default 50), refusing anything else with a clear 400. */
export function readPaging(query: { page?: string | undefined; pageSize?: string | undefined }): Paging {
  const page = query.page === undefined || query.page === '' ? 1 : wholeNumber(query.page);
  const pageSize =
    query.pageSize === undefined || query.pageSize === '' ? DEFAULT_PAGE_SIZE : wholeNumber(query.pageSize);
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE)
    throw new PlugboardError('invalid_parameter', `page must be a whole number from 1 to ${MAX_PAGE}.`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new PlugboardError(
      'invalid_parameter',
      `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.`,
    );
  }
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Sets Cyclr's paging headers for a list of `total` items. */
export function setPagingHeaders(reply: FastifyReply, paging: Paging, total: number): void {
  reply.header('Total-Records', String(total));
  reply.header('Total-Pages', String(Math.max(1, Math.ceil(total / paging.pageSize))));
}

/** Pages an in-memory list (the connector catalog) and sets the headers. */
export function pageOf<T>(reply: FastifyReply, items: readonly T[], paging: Paging): T[] {
  setPagingHeaders(reply, paging, items.length);
  return items.slice(paging.offset, paging.offset + paging.pageSize);
}
