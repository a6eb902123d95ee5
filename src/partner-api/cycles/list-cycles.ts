import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleSchema, toCyclrCycle } from './cycle-schema.ts';

/** `GET /v1.0/cycles` (account-scoped): the account's cycles, newest first. */
export function listCycles(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/cycles',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listCycles',
        tags: ['Cycles'],
        summary: 'List the account’s cycles',
        querystring: Type.Object({ ...PagingQuery }),
        response: { 200: Type.Array(CycleSchema) },
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const page = await deps.cycles.list(accountOf(request), {
        offset: paging.offset,
        limit: paging.pageSize,
      });
      setPagingHeaders(reply, paging, page.total);
      return Promise.all(page.items.map((c) => toCyclrCycle(deps, c)));
    },
  );
}
