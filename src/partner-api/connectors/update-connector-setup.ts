import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { oneConnector } from './connector-lookup.ts';
import { SetupBody, schema, setupView } from './setup-shapes.ts';

/** `PUT /v1.0/connectors/:ref/setup`: Change the OAuth app setup (partial). */
export function updateConnectorSetup(v1: HttpServer, deps: PartnerApiDependencies): void {
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
