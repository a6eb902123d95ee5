import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { readMappingChange } from './mapping-body.ts';
import { MappingBody, ParameterSchema, SlotParams, toParameter } from './step-mapping-schema.ts';

/** `PUT /v1.0/steps/{id}/parameters/{pid}` (account-scoped): 409 while the cycle runs. */
export function setParameter(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/steps/:id/parameters/:slot',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'setStepParameter',
        tags: ['Steps'],
        summary: 'Map a step’s parameter',
        params: SlotParams,
        body: MappingBody,
        response: { 200: ParameterSchema },
      },
    },
    async (request) => {
      const { id, slot } = request.params;
      const found = await deps.cycleEdits.setMapping(
        accountOf(request),
        id,
        'parameter',
        slot,
        readMappingChange(request.body),
      );
      const updated = found.slots.find((s) => s.name.toLowerCase() === slot.toLowerCase());
      return toParameter(updated ?? (found.slots[0] as never), found.steps);
    },
  );
}
