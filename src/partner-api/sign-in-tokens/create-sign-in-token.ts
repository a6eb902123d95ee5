import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { AccountIdParams } from '../accounts/account-schema.ts';
import { readUsername } from '../accounts/user-body.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const SignInTokenBody = Type.Object(
  {
    Username: Type.Optional(
      Nullable(
        Type.String({ description: 'The account user; created if the account has no user by this name.' }),
      ),
    ),
  },
  { additionalProperties: true },
);

const SignInTokenSchema = Type.Object({
  Token: Type.String({
    description: 'One-time: the first use consumes it. URL-encode it when putting it in a link.',
  }),
  ExpiresAtUtc: Timestamp('Five minutes after issue.'),
});

/** `POST /v1.0/accounts/{id}/signintoken`: a one-time, five-minute token for an account user. */
export function createSignInToken(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.post(
    '/accounts/:id/signintoken',
    {
      config: { access: 'partner' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'createSignInToken',
        tags: ['Sign-in tokens'],
        summary: 'Mint a sign-in token for an account user',
        description:
          'No X-Cyclr-Account header is needed; a token restricted to this account may call it. The user is created if missing. The token is single-use, lives five minutes and is stored only as a hash.',
        params: AccountIdParams,
        body: SignInTokenBody,
        response: { 200: SignInTokenSchema },
      },
    },
    async (request) => {
      const username = readUsername(request.body);
      const issued = await deps.signInTokens.issue(request.params.id, username);
      return { Token: issued.token, ExpiresAtUtc: new Date(issued.expiresAt).toISOString() };
    },
  );
}
