import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { config, IdParams, tags } from './api-client-shapes.ts';

/** `DELETE /v1.0/apiclients/:id`: Revoke an API client and its access tokens. */
export function revokeApiClient(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.delete(
    '/apiclients/:id',
    {
      config,
      schema: {
        operationId: 'revokeApiClient',
        tags,
        summary: 'Revoke an API client and its access tokens',
        params: IdParams,
        response: { 200: Type.Object({ Message: Type.String() }) },
      },
    },
    async (request) => {
      const client = await deps.clients.revoke(request.params.id);
      return { Message: `API client '${client.name}' revoked; its access tokens no longer work.` };
    },
  );
}
