import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams, CycleSchema, toCyclrCycle } from './cycle-schema.ts';

/** `GET /v1.0/cycles/{id}` (account-scoped). */
export function getCycle(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/cycles/:id',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'getCycle',
        tags: ['Cycles'],
        summary: 'Get a cycle',
        params: CycleIdParams,
        response: { 200: CycleSchema },
      },
    },
    async (request) => toCyclrCycle(deps, await deps.cycles.get(accountOf(request), request.params.id)),
  );
}
