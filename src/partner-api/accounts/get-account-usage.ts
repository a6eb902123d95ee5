import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountIdParams } from './account-schema.ts';

/** `GET /v1.0/accounts/{id}/usage`: what the account holds. */
export function getAccountUsage(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/accounts/:id/usage',
    {
      config: { access: 'partner' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'getAccountUsage',
        tags: ['Accounts'],
        summary: 'Usage of an account',
        description: 'How many users and account connectors the account has. 404 for an unknown account.',
        params: AccountIdParams,
        response: {
          200: Type.Object({
            AccountId: Type.String(),
            UserCount: Type.Integer(),
            AccountConnectorCount: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const usage = await deps.accountService.usage(request.params.id);
      return {
        AccountId: usage.accountId,
        UserCount: usage.users,
        AccountConnectorCount: usage.accountConnectors,
      };
    },
  );
}
