import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { access, tags } from './account-connector-shapes.ts';
import { AccountConnectorIdParams, accountConnectorId } from './request-shapes.ts';

/** `PUT /v1.0/account/connectors/:id/deauthenticate`: Drop the credentials, revoking them at the provider. */
export function deauthenticateAccountConnector(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.put(
    '/account/connectors/:id/deauthenticate',
    {
      config: access,
      schema: {
        tags,
        operationId: 'deauthenticateAccountConnector',
        summary: 'Drop the credentials, revoking them at the provider',
        params: AccountConnectorIdParams,
      },
    },
    async (request) => {
      const connector = await service.deauthenticate(
        accountOf(request),
        accountConnectorId(request.params.id),
      );
      return { Message: `Connector '${connector.name}' successfully de-authenticated.` };
    },
  );
}
