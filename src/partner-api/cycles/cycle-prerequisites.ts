import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams } from './cycle-schema.ts';

export const PrerequisiteSchema = Type.Object({
  ReasonCode: Type.Integer({
    description: '20 unauthenticated connector, 40 missing parameter mapping, 41 missing field mapping',
  }),
  Reason: Type.String(),
  ObjectType: Type.String(),
  ObjectId: Type.Union([Type.Integer(), Type.String()]),
  Description: Type.String(),
});

/** `GET /v1.0/cycles/{id}/prerequisites` (account-scoped): what stops the cycle from being activated. */
export function cyclePrerequisites(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/cycles/:id/prerequisites',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'getCyclePrerequisites',
        tags: ['Cycles'],
        summary: 'Unmet prerequisites of a cycle',
        params: CycleIdParams,
        response: { 200: Type.Array(PrerequisiteSchema) },
      },
    },
    async (request) => deps.cycles.prerequisites(accountOf(request), request.params.id),
  );
}
