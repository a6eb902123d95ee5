import type { HttpServer } from '../../http/build-server.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { readAccountChanges } from './account-body.ts';
import { AccountBody, AccountIdParams, AccountSchema, toCyclrAccount } from './account-schema.ts';

/** `PUT /v1.0/accounts/{id}`: a partial update; fields not sent keep their values. */
export function updateAccount(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/accounts/:id',
    {
      config: { access: 'partner' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'updateAccount',
        tags: ['Accounts'],
        summary: 'Update an account',
        description: 'Partial: only the fields sent change. An Id in the body is ignored.',
        params: AccountIdParams,
        body: AccountBody,
        response: { 200: AccountSchema },
      },
    },
    async (request) =>
      toCyclrAccount(await deps.accountService.update(request.params.id, readAccountChanges(request.body))),
  );
}
