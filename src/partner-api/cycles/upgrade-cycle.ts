import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams, CycleSchema, toCyclrCycle } from './cycle-schema.ts';

/** `PUT /v1.0/cycles/{id}/upgrade` (account-scoped): moves a paused cycle to a newer release of its template. */
export function upgradeCycle(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/cycles/:id/upgrade',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'upgradeCycle',
        tags: ['Cycles'],
        summary: 'Upgrade a cycle to another release',
        description:
          'Plugboard addition. `{ReleaseNumber?}` (default the latest). Variable values and the cycle’s own mapping edits carry over; the polling high-water mark is kept. 409 while the cycle runs.',
        params: CycleIdParams,
        body: Type.Optional(
          Type.Object(
            { ReleaseNumber: Type.Optional(Type.Integer({ minimum: 1 })) },
            { additionalProperties: true },
          ),
        ),
        response: { 200: CycleSchema },
      },
    },
    async (request) =>
      toCyclrCycle(
        deps,
        await deps.cycles.upgrade(accountOf(request), request.params.id, request.body?.ReleaseNumber),
      ),
  );
}
