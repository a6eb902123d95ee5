import type { HttpServer } from '../../http/build-server.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountIdParams, AccountSchema, toCyclrAccount } from './account-schema.ts';

/** `GET /v1.0/accounts/{id}`: also open to a token restricted to that account. */
export function getAccount(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/accounts/:id',
    {
      config: { access: 'partner' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'getAccount',
        tags: ['Accounts'],
        summary: 'Get an account',
        params: AccountIdParams,
        response: { 200: AccountSchema },
      },
    },
    async (request) => toCyclrAccount(await deps.accountService.get(request.params.id)),
  );
}
