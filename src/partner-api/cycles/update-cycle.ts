import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams, CycleSchema, toCyclrCycle } from './cycle-schema.ts';

/** `PUT /v1.0/cycles/{id}` (account-scoped): partial; Name, Description and LogStepDataRequests. */
export function updateCycle(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/cycles/:id',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'updateCycle',
        tags: ['Cycles'],
        summary: 'Rename or describe a cycle, or turn its step data logging on or off',
        params: CycleIdParams,
        body: Type.Optional(
          Type.Object(
            {
              Name: Type.Optional(Type.String()),
              Description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
              LogStepDataRequests: Type.Optional(
                Type.Boolean({
                  description:
                    "Keep each step's request and response (secrets redacted) on its transactions.",
                }),
              ),
            },
            { additionalProperties: true },
          ),
        ),
        response: { 200: CycleSchema },
      },
    },
    async (request) => {
      const body = request.body ?? {};
      const cycle = await deps.cycles.update(accountOf(request), request.params.id, {
        ...(body.Name === undefined ? {} : { name: body.Name }),
        ...(body.Description === undefined ? {} : { description: body.Description }),
        ...(body.LogStepDataRequests === undefined ? {} : { logStepDataRequests: body.LogStepDataRequests }),
      });
      return toCyclrCycle(deps, cycle);
    },
  );
}
