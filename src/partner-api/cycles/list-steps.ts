import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams } from './cycle-schema.ts';
import { StepSchema, toCyclrSteps } from './graph-views.ts';

/** `GET /v1.0/cycles/{id}/steps` (account-scoped): the cycle's steps in template order. */
export function listSteps(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/cycles/:id/steps',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listCycleSteps',
        tags: ['Cycles'],
        summary: 'List a cycle’s steps',
        params: CycleIdParams,
        response: { 200: Type.Array(StepSchema) },
      },
    },
    async (request) => {
      const { cycle, steps } = await deps.cycles.steps(accountOf(request), request.params.id);
      return toCyclrSteps(cycle, steps, deps.catalog);
    },
  );
}
