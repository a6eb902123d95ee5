import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { access, tags, UpdateBody } from './account-connector-shapes.ts';
import { accountConnectorView } from './account-connector-view.ts';
import { suppliedCredentials } from './auth-value.ts';
import { AccountConnectorIdParams, accountConnectorId, propertiesFrom } from './request-shapes.ts';

/** `PUT /v1.0/account/connectors/:id`: Change an account connector (partial). */
export function updateAccountConnector(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.put(
    '/account/connectors/:id',
    {
      config: access,
      schema: {
        tags,
        operationId: 'updateAccountConnector',
        summary: 'Change an account connector (partial)',
        params: AccountConnectorIdParams,
        body: UpdateBody,
      },
    },
    async (request) => {
      const body = request.body;
      const updated = await service.update(accountOf(request), accountConnectorId(request.params.id), {
        name: body.Name,
        description: body.Description,
        credentials: suppliedCredentials(body.AuthValue),
        properties: propertiesFrom(body.Properties),
      });
      return accountConnectorView(service, updated);
    },
  );
}
