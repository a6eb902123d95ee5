import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { access, tags } from './account-connector-shapes.ts';
import { AccountConnectorIdParams, accountConnectorId } from './request-shapes.ts';

/** `DELETE /v1.0/account/connectors/:id`: Delete an account connector (its credentials are revoked). */
export function deleteAccountConnector(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.delete(
    '/account/connectors/:id',
    {
      config: access,
      schema: {
        tags,
        operationId: 'deleteAccountConnector',
        summary: 'Delete an account connector (its credentials are revoked)',
        params: AccountConnectorIdParams,
      },
    },
    async (request, reply) => {
      await service.remove(accountOf(request), accountConnectorId(request.params.id));
      return reply.status(200).send();
    },
  );
}
