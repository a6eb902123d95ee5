import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { PagingQuery, pageOf, readPaging } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { ApiClientSchema, apiClientView, config, tags } from './api-client-shapes.ts';

/** `GET /v1.0/apiclients`: List API clients, revoked ones included. */
export function listApiClients(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/apiclients',
    {
      config,
      schema: {
        operationId: 'listApiClients',
        tags,
        summary: 'List API clients, revoked ones included',
        querystring: Type.Object(PagingQuery),
        response: { 200: Type.Array(ApiClientSchema) },
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      return pageOf(reply, (await deps.clients.list()).map(apiClientView), paging);
    },
  );
}
