import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { readMappingChange } from './mapping-body.ts';
import { FieldMappingSchema, MappingBody, SlotParams, toFieldMapping } from './step-mapping-schema.ts';

/** `PUT /v1.0/steps/{id}/fieldmappings/{fieldId}` (account-scoped): 409 while the cycle runs. */
export function setFieldMapping(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/steps/:id/fieldmappings/:slot',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'setStepFieldMapping',
        tags: ['Steps'],
        summary: 'Map a step’s field',
        params: SlotParams,
        body: MappingBody,
        response: { 200: FieldMappingSchema },
      },
    },
    async (request) => {
      const { id, slot } = request.params;
      const found = await deps.cycleEdits.setMapping(
        accountOf(request),
        id,
        'field',
        slot,
        readMappingChange(request.body),
      );
      const updated = found.slots.find((s) => s.name.toLowerCase() === slot.toLowerCase());
      return toFieldMapping(updated ?? (found.slots[0] as never), found.steps);
    },
  );
}
