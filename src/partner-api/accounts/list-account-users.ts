import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountIdParams } from './account-schema.ts';

/** `GET /v1.0/accounts/{id}/users`: the usernames of the account, sorted. */
export function listAccountUsers(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/accounts/:id/users',
    {
      config: { access: 'partner' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'listAccountUsers',
        tags: ['Accounts'],
        summary: 'List the usernames of an account',
        description: 'Users are created by minting a sign-in token for a new username.',
        params: AccountIdParams,
        querystring: Type.Object(PagingQuery),
        response: { 200: Type.Array(Type.String()) },
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const page = await deps.accountService.listUsers(request.params.id, {
        offset: paging.offset,
        limit: paging.pageSize,
      });
      setPagingHeaders(reply, paging, page.total);
      return page.items;
    },
  );
}
