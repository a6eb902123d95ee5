import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { readNewAccount } from './account-body.ts';
import { AccountBody, AccountSchema, toCyclrAccount } from './account-schema.ts';

/** `POST /v1.0/accounts`: 200 (as Cyclr) with the new account; `400 ID already in use` for a taken Id. */
export function createAccount(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.post(
    '/accounts',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'createAccount',
        tags: ['Accounts'],
        summary: 'Create an account',
        description:
          'Answers 200 (not 201), as Cyclr does. A chosen Id that is in use gives `400 {"Message":"ID already in use"}`; the Id of a deleted account can be used again.',
        body: AccountBody,
        response: { 200: AccountSchema },
      },
    },
    async (request) => toCyclrAccount(await deps.accountService.create(readNewAccount(request.body))),
  );
}
