import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams, CycleSchema, toCyclrCycle } from './cycle-schema.ts';

function startTimeOf(value: string | null | undefined): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw new PlugboardError('invalid_parameter', `StartTime '${value}' is not an ISO-8601 date and time.`);
  return ms;
}

/** `PUT /v1.0/cycles/{id}/activate` (account-scoped): `{StartTime?, Interval?, RunOnce?}`. */
export function activateCycle(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/cycles/:id/activate',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'activateCycle',
        tags: ['Cycles'],
        summary: 'Activate a cycle',
        description:
          'Interval is one of 1, 5, 15, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 10080 minutes. RunOnce runs once at StartTime (default now) and pauses. Refused with 400 naming the prerequisites while one is unmet.',
        params: CycleIdParams,
        body: Type.Optional(
          Type.Object(
            {
              StartTime: Type.Optional(Type.Union([Type.String(), Type.Null()])),
              Interval: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
              RunOnce: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
            },
            { additionalProperties: true },
          ),
        ),
        response: { 200: CycleSchema },
      },
    },
    async (request) => {
      const body = request.body ?? {};
      const cycle = await deps.cycles.activate(accountOf(request), request.params.id, {
        startTime: startTimeOf(body.StartTime),
        interval: body.Interval ?? undefined,
        runOnce: body.RunOnce ?? undefined,
      });
      return toCyclrCycle(deps, cycle);
    },
  );
}
