import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { FieldMappingSchema, StepIdParams, toFieldMapping } from './step-mapping-schema.ts';

/** `GET /v1.0/steps/{id}/fieldmappings` (account-scoped). */
export function listFieldMappings(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/steps/:id/fieldmappings',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listStepFieldMappings',
        tags: ['Steps'],
        summary: 'A step’s field mappings',
        params: StepIdParams,
        response: { 200: Type.Array(FieldMappingSchema) },
      },
    },
    async (request) => {
      const found = await deps.cycleEdits.slots(accountOf(request), request.params.id, 'field');
      return found.slots.map((slot) => toFieldMapping(slot, found.steps));
    },
  );
}
