import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { ParameterSchema, SlotParams, StepIdParams, toParameter } from './step-mapping-schema.ts';

/** `GET /v1.0/steps/{id}/parameters` and `…/parameters/{pid}` (account-scoped). */
export function listParameters(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/steps/:id/parameters',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listStepParameters',
        tags: ['Steps'],
        summary: 'A step’s parameters',
        params: StepIdParams,
        response: { 200: Type.Array(ParameterSchema) },
      },
    },
    async (request) => {
      const found = await deps.cycleEdits.slots(accountOf(request), request.params.id, 'parameter');
      return found.slots.map((slot) => toParameter(slot, found.steps));
    },
  );
  v1.get(
    '/steps/:id/parameters/:slot',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'getStepParameter',
        tags: ['Steps'],
        summary: 'One step parameter',
        params: SlotParams,
        response: { 200: ParameterSchema },
      },
    },
    async (request) => {
      const { id, slot } = request.params;
      const found = await deps.cycleEdits.slots(accountOf(request), id, 'parameter');
      const match = found.slots.find((s) => s.name.toLowerCase() === slot.toLowerCase());
      if (!match) throw notFound(`Step ${id} has no parameter '${slot}'.`);
      return toParameter(match, found.steps);
    },
  );
}
