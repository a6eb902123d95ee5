import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams } from './cycle-schema.ts';
import { EdgeSchema, toCyclrEdges } from './graph-views.ts';

/** `GET /v1.0/cycles/{id}/edges` (account-scoped). */
export function listEdges(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/cycles/:id/edges',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listCycleEdges',
        tags: ['Cycles'],
        summary: 'List a cycle’s edges',
        params: CycleIdParams,
        response: { 200: Type.Array(EdgeSchema) },
      },
    },
    async (request) => {
      const { cycle, steps } = await deps.cycles.steps(accountOf(request), request.params.id);
      return toCyclrEdges(cycle, steps);
    },
  );
}
