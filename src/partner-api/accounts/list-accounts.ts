import { Type } from 'typebox';
import type { AccountOrder } from '../../domain/accounts/account-store.ts';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountSchema, toCyclrAccount } from './account-schema.ts';

const ListAccountsQuery = Type.Object({
  ...PagingQuery,
  sortOrderAsc: Type.Optional(Type.String({ description: '`true` (default) or `false`.' })),
  orderBy: Type.Optional(
    Type.String({
      description: '`CreatedDate` (default), `Name` or `Id`; ties are broken by CreatedDate, then Id.',
    }),
  ),
  query: Type.Optional(
    Type.String({ description: 'Only accounts whose Name or Id contains this text (any case).' }),
  ),
});

const ORDERS: Record<string, AccountOrder> = { createddate: 'createdDate', name: 'name', id: 'id' };

function readSortOrder(value: string | undefined): boolean {
  if (value === undefined || value === '') return true;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new PlugboardError('invalid_parameter', 'sortOrderAsc must be true or false.');
}

function readOrder(value: string | undefined): AccountOrder {
  if (value === undefined || value === '') return 'createdDate';
  const order = ORDERS[value.toLowerCase()];
  if (!order) throw new PlugboardError('invalid_parameter', 'orderBy must be CreatedDate, Name or Id.');
  return order;
}

/** `GET /v1.0/accounts`: every account of the partner, a page at a time. */
export function listAccounts(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/accounts',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'listAccounts',
        tags: ['Accounts'],
        summary: 'List accounts',
        description: 'Sorted by creation date, then Id, unless orderBy says otherwise.',
        querystring: ListAccountsQuery,
        response: { 200: Type.Array(AccountSchema) },
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const search = request.query.query?.trim() ?? '';
      const page = await deps.accountService.list({
        page: paging.page,
        pageSize: paging.pageSize,
        orderBy: readOrder(request.query.orderBy),
        ascending: readSortOrder(request.query.sortOrderAsc),
        search: search === '' ? null : search,
      });
      setPagingHeaders(reply, paging, page.total);
      return page.items.map(toCyclrAccount);
    },
  );
}
