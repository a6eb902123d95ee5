import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountIdParams } from './account-schema.ts';

/** `DELETE /v1.0/accounts/{id}`: 200 (as Cyclr), with everything in the account. */
export function deleteAccount(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.delete(
    '/accounts/:id',
    {
      config: { access: 'partner' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'deleteAccount',
        tags: ['Accounts'],
        summary: 'Delete an account',
        description:
          'Answers 200, as Cyclr does. Deletes the account’s users, sign-in tokens and account connectors with their credentials, and revokes access tokens restricted to it. The Id can then be used again.',
        params: AccountIdParams,
        response: { 200: Type.Object({ Message: Type.String() }) },
      },
    },
    async (request) => {
      await deps.accountService.delete(request.params.id);
      return { Message: `Account '${request.params.id}' deleted.` };
    },
  );
}
