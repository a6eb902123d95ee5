import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { access, tags } from './account-connector-shapes.ts';
import { accountConnectorListJson } from './account-connector-view.ts';

/** `GET /v1.0/account/connectors`: listAccountConnectors. */
export function listAccountConnectors(v1: HttpServer, deps: PartnerApiDependencies): void {
  const service = deps.accountConnectors;
  v1.get(
    '/account/connectors',
    {
      config: access,
      schema: {
        tags,
        operationId: 'listAccountConnectors',
        summary: "The account's connectors",
        querystring: Type.Object(PagingQuery),
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const { items, total, properties } = await service.list(accountOf(request), paging);
      setPagingHeaders(reply, paging, total);
      reply.type('application/json; charset=utf-8');
      return accountConnectorListJson(service, items, properties);
    },
  );
}
