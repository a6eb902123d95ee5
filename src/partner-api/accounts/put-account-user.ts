import type { HttpServer } from '../../http/build-server.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountIdParams, AccountUserBody, AccountUserSchema } from './account-schema.ts';
import { readUserBody } from './user-body.ts';

/** `PUT /v1.0/accounts/{id}/users`: adds a user to the account (an existing one is left as it is). */
export function putAccountUser(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/accounts/:id/users',
    {
      config: { access: 'partner' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'putAccountUser',
        tags: ['Accounts'],
        summary: 'Add a user to an account',
        description:
          '`{UserName, Password}`. Answers 200 whether the user is new or already there; 404 for an unknown account. The password is checked but not stored: users sign in with sign-in tokens.',
        params: AccountIdParams,
        body: AccountUserBody,
        response: { 200: AccountUserSchema },
      },
    },
    async (request) => {
      const user = await deps.accountService.addUser(request.params.id, readUserBody(request.body));
      return { AccountId: request.params.id, UserName: user.username };
    },
  );
}
