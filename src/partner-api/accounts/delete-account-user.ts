import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountIdParams, AccountUserBody } from './account-schema.ts';
import { readUsername } from './user-body.ts';

/** `DELETE /v1.0/accounts/{id}/users` with `{UserName}`: removes the user from the account. */
export function deleteAccountUser(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.delete(
    '/accounts/:id/users',
    {
      config: { access: 'partner' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'deleteAccountUser',
        tags: ['Accounts'],
        summary: 'Remove a user from an account',
        description:
          'The username is in the body, `{UserName}`, as Cyclr has it. 404 for an unknown account or user.',
        params: AccountIdParams,
        body: AccountUserBody,
        response: { 200: Type.Object({ Message: Type.String() }) },
      },
    },
    async (request) => {
      const username = await deps.accountService.removeUser(request.params.id, readUsername(request.body));
      return { Message: `User '${username}' removed from account '${request.params.id}'.` };
    },
  );
}
