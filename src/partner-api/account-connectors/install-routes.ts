import { type Static, Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import { oneConnector } from '../connectors/connector-lookup.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { accountConnectorView } from './account-connector-view.ts';
import { suppliedCredentials } from './auth-value.ts';
import { PropertyInputSchema, propertiesFrom } from './request-shapes.ts';

const InstallBody = Type.Object(
  {
    Name: Type.Optional(Type.String()),
    Description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    AuthenticationId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    AuthValue: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: 'Write-only JSON string of credentials' }),
    ),
    Properties: Type.Optional(Type.Array(PropertyInputSchema)),
  },
  { additionalProperties: true },
);

/** `POST /v1.0/connectors/{id|Name[/Version]}/install` (account-scoped): installs a connector into the account. */
export async function installRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  const schema = {
    tags: ['Account connectors'],
    summary: 'Install a connector into the account',
    body: Type.Optional(InstallBody),
  };
  const install = async (
    accountId: string,
    reference: string,
    version: string | undefined,
    body: Static<typeof InstallBody> | undefined,
  ) => {
    const definition = oneConnector(deps.catalog, reference, version);
    const installed = await deps.accountConnectors.install(accountId, definition, {
      name: body?.Name,
      description: body?.Description,
      credentials: suppliedCredentials(body?.AuthValue),
      properties: propertiesFrom(body?.Properties),
    });
    return accountConnectorView(deps.accountConnectors, installed);
  };

  v1.post(
    '/connectors/:ref/install',
    {
      config: { access: 'account' },
      schema: { ...schema, operationId: 'installConnector', params: Type.Object({ ref: Type.String() }) },
    },
    async (request) => install(accountOf(request), request.params.ref, undefined, request.body),
  );
  v1.post(
    '/connectors/:name/:version/install',
    {
      config: { access: 'account' },
      schema: {
        ...schema,
        operationId: 'installConnectorVersion',
        params: Type.Object({ name: Type.String(), version: Type.String() }),
      },
    },
    async (request) => install(accountOf(request), request.params.name, request.params.version, request.body),
  );
}
