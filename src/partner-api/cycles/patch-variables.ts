import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams } from './cycle-schema.ts';
import { toCyclrVariables, VariableSchema } from './graph-views.ts';

/** `PATCH /v1.0/cycles/{id}/variables` (account-scoped): `[{SystemName, Value}]`, all or nothing; 409 while running. */
export function patchVariables(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.patch(
    '/cycles/:id/variables',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'setCycleVariables',
        tags: ['Cycles'],
        summary: 'Set a cycle’s variable values',
        params: CycleIdParams,
        body: Type.Array(Type.Object({ SystemName: Type.String(), Value: Type.Optional(Type.Unknown()) })),
        response: { 200: Type.Array(VariableSchema) },
      },
    },
    async (request) =>
      toCyclrVariables(
        await deps.cycleEdits.setVariables(
          accountOf(request),
          request.params.id,
          request.body.map((entry) => ({ systemName: entry.SystemName, value: entry.Value })),
        ),
      ),
  );
}
