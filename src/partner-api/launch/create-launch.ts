import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { AccountIdParams } from '../accounts/account-schema.ts';
import { accountInPath } from '../auth/account-in-path.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { Nullable, Timestamp } from '../schemas.ts';
import { readLaunchRequest } from './launch-body.ts';

const ConnectorAuthenticationSchema = Type.Object(
  {
    Name: Type.String({ description: 'The connector, e.g. "Capsule".' }),
    Version: Type.Optional(
      Nullable(Type.String({ description: 'Needed when the name has several versions.' })),
    ),
    AuthValue: Type.Optional(
      Nullable(
        Type.String({
          description: 'Write-only credentials, as in the install call (OAuth: a JSON string).',
        }),
      ),
    ),
    Properties: Type.Optional(
      Type.Array(
        Type.Object(
          { Name: Type.String(), Value: Type.Optional(Nullable(Type.String())) },
          { additionalProperties: true },
        ),
      ),
    ),
  },
  { additionalProperties: true },
);

const LaunchBody = Type.Object(
  {
    AccountName: Type.Optional(
      Nullable(Type.String({ description: 'The name of the account if it is created.' })),
    ),
    AccountDescription: Type.Optional(Nullable(Type.String())),
    Tags: Type.Optional(
      Nullable(
        Type.Array(Type.String(), { description: 'Offer only the templates with one of these tags.' }),
      ),
    ),
    ConnectorAuthentications: Type.Optional(Nullable(Type.Array(ConnectorAuthenticationSchema))),
    CompleteParameter: Type.Optional(
      Nullable(Type.String({ description: 'Returned untouched in the result as completeParameter.' })),
    ),
    RunOnce: Type.Optional(Nullable(Type.Boolean({ description: 'Activated cycles run once, then pause.' }))),
    Start: Type.Optional(Nullable(Type.String({ description: 'When activated cycles start (ISO 8601).' }))),
    TargetOrigin: Type.Optional(
      Nullable(
        Type.String({
          description:
            'Plugboard addition: the allowed origin (or a URL on it) that receives the result; defaults to the only allowed origin.',
        }),
      ),
    ),
  },
  { additionalProperties: true },
);

const LaunchSchema = Type.Object({
  AccountId: Type.String(),
  LaunchUrl: Type.String({
    description: 'Open it in the user’s browser (a popup or a full page); it works once.',
  }),
  Token: Type.String({ description: 'The one-time token inside LaunchUrl.' }),
  ExpiresAtUtc: Timestamp('Five minutes after issue.'),
});

/** `POST /v1.0/accounts/{id}/launch`: Cyclr's LAUNCH link for an account, creating the account if missing. */
export function createLaunch(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.post(
    '/accounts/:id/launch',
    {
      // Cyclr: an account-restricted token must not be used for LAUNCH.
      config: { access: 'partner-wide' },
      onRequest: accountInPath('id'),
      schema: {
        operationId: 'createLaunch',
        tags: ['LAUNCH'],
        summary: 'Make a LAUNCH link for an account',
        description:
          'Creates the account when it is missing, installs and authenticates the connectors given in ConnectorAuthentications, and returns a one-time, five-minute link to the LAUNCH page on the service domain. The page offers the templates with the given tags, lets the user connect apps and switch integrations on, and reports the result to TargetOrigin. The token is stored only as a hash.',
        params: AccountIdParams,
        body: LaunchBody,
        response: { 200: LaunchSchema },
      },
    },
    async (request) => {
      const accountId = request.params.id;
      const launch = readLaunchRequest(accountId, request.body, {
        allowedOrigins: await deps.settings.allowedOrigins(),
        catalog: deps.catalog,
      });
      const link = await deps.launch.launch(accountId, launch);
      return {
        AccountId: link.accountId,
        LaunchUrl: link.launchUrl,
        Token: link.token,
        ExpiresAtUtc: new Date(link.expiresAt).toISOString(),
      };
    },
  );
}
