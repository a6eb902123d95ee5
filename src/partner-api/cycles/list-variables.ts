import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams } from './cycle-schema.ts';
import { toCyclrVariables, VariableSchema } from './graph-views.ts';

/** `GET /v1.0/cycles/{id}/variables` (account-scoped). */
export function listVariables(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/cycles/:id/variables',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listCycleVariables',
        tags: ['Cycles'],
        summary: 'List a cycle’s variables',
        params: CycleIdParams,
        response: { 200: Type.Array(VariableSchema) },
      },
    },
    async (request) => toCyclrVariables(await deps.cycles.get(accountOf(request), request.params.id)),
  );
}
