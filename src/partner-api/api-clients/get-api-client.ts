import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { ApiClientSchema, apiClientView, config, IdParams, tags } from './api-client-shapes.ts';

/** `GET /v1.0/apiclients/:id`: One API client. */
export function getApiClient(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/apiclients/:id',
    {
      config,
      schema: {
        operationId: 'getApiClient',
        tags,
        summary: 'One API client',
        params: IdParams,
        response: { 200: ApiClientSchema },
      },
    },
    async (request) => apiClientView(await deps.clients.get(request.params.id)),
  );
}
