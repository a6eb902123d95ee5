import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountIdParams, AccountSchema, toCyclrAccount } from './account-schema.ts';

/** `GET /v1.0/accounts/{id}/subaccounts`: always empty, since Plugboard accounts have no sub-accounts. */
export function listSubAccounts(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/accounts/:id/subaccounts',
    {
      config: { access: 'partner' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'listSubAccounts',
        tags: ['Accounts'],
        summary: 'List the sub-accounts of an account',
        description:
          'Plugboard has no sub-accounts, so this is an empty list for an existing account and 404 for an unknown one.',
        params: AccountIdParams,
        querystring: Type.Object(PagingQuery),
        response: { 200: Type.Array(AccountSchema) },
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const page = await deps.accountService.subAccounts(request.params.id);
      setPagingHeaders(reply, paging, page.total);
      return page.items.map(toCyclrAccount);
    },
  );
}
