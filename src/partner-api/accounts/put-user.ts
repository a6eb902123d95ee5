import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountUserBody, AccountUserSchema } from './account-schema.ts';
import { readUserBody } from './user-body.ts';

/** `PUT /v1.0/users` (account-scoped): Cyclr's "set a user's password" for a user of the account. */
export function putUser(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/users',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'putUser',
        tags: ['Accounts'],
        summary: 'Update a user of the account',
        description:
          '`{UserName, Password}` for the account in `X-Cyclr-Account`. Passwords are not stored (users sign in with sign-in tokens), so this answers 200 for a user of the account and 404 otherwise.',
        body: AccountUserBody,
        response: { 200: AccountUserSchema },
      },
    },
    async (request) => {
      const accountId = accountOf(request);
      const username = await deps.accountService.updateUser(accountId, readUserBody(request.body));
      return { AccountId: accountId, UserName: username };
    },
  );
}
