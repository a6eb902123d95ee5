import { Type } from 'typebox';
import type { ConnectorSetupView } from '../../domain/connector-setups/connector-setup-service.ts';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { oneConnector } from './connector-lookup.ts';

const NullableString = Type.Union([Type.String(), Type.Null()]);

const SetupBody = Type.Object(
  {
    ClientId: Type.Optional(NullableString),
    ClientSecret: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description: 'Write-only; omit or null to keep the current one',
      }),
    ),
    AuthoriseUrl: Type.Optional(NullableString),
    AccessTokenUrl: Type.Optional(NullableString),
    ApiBaseUrl: Type.Optional(NullableString),
    Scopes: Type.Optional(NullableString),
    TokenAuthMethod: Type.Optional(NullableString),
    Issuer: Type.Optional(NullableString),
    RequestsPerHour: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  },
  { additionalProperties: true },
);

function setupView(view: ConnectorSetupView, callbackUrl: string) {
  return {
    ConnectorId: view.connectorId,
    ClientId: view.clientId,
    HasClientSecret: view.hasClientSecret,
    AuthoriseUrl: view.authoriseUrl,
    AccessTokenUrl: view.accessTokenUrl,
    ApiBaseUrl: view.apiBaseUrl,
    Scopes: view.scopes,
    TokenAuthMethod: view.tokenAuthMethod,
    Issuer: view.issuer,
    RequestsPerHour: view.requestsPerHour,
    CallbackUrl: callbackUrl,
    UpdatedAtUtc: view.updatedAt === null ? null : new Date(view.updatedAt).toISOString(),
  };
}

/**
 * `GET/PUT /v1.0/connectors/{id}/setup`: the partner's OAuth app for a connector (a Plugboard addition;
 * Cyclr does this in its console). The client secret is write-only; `CallbackUrl` is what to register.
 */
export async function setupRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  const params = Type.Object({ ref: Type.String() });
  const schema = { tags: ['Connector setup'], params };

  v1.get(
    '/connectors/:ref/setup',
    {
      config: { access: 'partner-wide' },
      schema: { ...schema, operationId: 'getConnectorSetup', summary: "The connector's OAuth app setup" },
    },
    async (request) => {
      const definition = oneConnector(deps.catalog, request.params.ref);
      return setupView(await deps.connectorSetups.view(definition), deps.callbackUrl);
    },
  );

  v1.put(
    '/connectors/:ref/setup',
    {
      config: { access: 'partner-wide' },
      schema: {
        ...schema,
        operationId: 'updateConnectorSetup',
        summary: 'Change the OAuth app setup (partial)',
        body: SetupBody,
      },
    },
    async (request) => {
      const definition = oneConnector(deps.catalog, request.params.ref);
      const body = request.body;
      const view = await deps.connectorSetups.update(definition, {
        ...(body.ClientId !== undefined ? { clientId: body.ClientId } : {}),
        // An echoed GET has no ClientSecret, and null keeps the stored one: a secret is only ever replaced.
        ...(typeof body.ClientSecret === 'string' && body.ClientSecret.trim() !== ''
          ? { clientSecret: body.ClientSecret }
          : {}),
        ...(body.AuthoriseUrl !== undefined ? { authoriseUrl: body.AuthoriseUrl } : {}),
        ...(body.AccessTokenUrl !== undefined ? { accessTokenUrl: body.AccessTokenUrl } : {}),
        ...(body.ApiBaseUrl !== undefined ? { apiBaseUrl: body.ApiBaseUrl } : {}),
        ...(body.Scopes !== undefined ? { scopes: body.Scopes } : {}),
        ...(body.TokenAuthMethod !== undefined ? { tokenAuthMethod: body.TokenAuthMethod } : {}),
        ...(body.Issuer !== undefined ? { issuer: body.Issuer } : {}),
        ...(body.RequestsPerHour !== undefined ? { requestsPerHour: body.RequestsPerHour } : {}),
      });
      return setupView(view, deps.callbackUrl);
    },
  );
}
