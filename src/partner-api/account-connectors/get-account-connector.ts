import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { access, tags } from './account-connector-shapes.ts';
import { accountConnectorView } from './account-connector-view.ts';
import { AccountConnectorIdParams, accountConnectorId } from './request-shapes.ts';

/** `GET /v1.0/account/connectors/:id`: One account connector. */
export function getAccountConnector(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.get(
    '/account/connectors/:id',
    {
      config: access,
      schema: {
        tags,
        operationId: 'getAccountConnector',
        summary: 'One account connector',
        params: AccountConnectorIdParams,
      },
    },
    async (request) =>
      accountConnectorView(
        service,
        await service.get(accountOf(request), accountConnectorId(request.params.id)),
      ),
  );
}
