import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import type { DeliveryStatus } from '../../domain/partner-events/partner-event-store.ts';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { endpointsOf } from './endpoint-routes.ts';
import { DeliverySchema, toDeliveryJson } from './endpoint-schema.ts';

const tags = ['Webhooks'];
const STATUSES: readonly DeliveryStatus[] = ['Pending', 'Delivered', 'Failed', 'Dead'];

function readTime(name: string, value: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw new PlugboardError(
      'invalid_parameter',
      `${name} must be an ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z.`,
    );
  return ms;
}

/** The delivery log of an endpoint, retrying one delivery, and replaying a time range. */
export async function webhookDeliveryRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  v1.get(
    '/webhooks/endpoints/:id/deliveries',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: "An endpoint's delivery log",
        description:
          'Newest first, each with its attempts and answers. Page backwards with `before` (a delivery Id).',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object({
          status: Type.Optional(Type.String({ description: 'Pending, Delivered, Failed or Dead.' })),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Default 50.' })),
        }),
        response: { 200: Type.Array(DeliverySchema) },
      },
    },
    async (request) => {
      const { status, before, pageSize } = request.query;
      const wanted =
        status === undefined ? undefined : STATUSES.find((s) => s.toLowerCase() === status.toLowerCase());
      if (status !== undefined && !wanted)
        throw new PlugboardError('invalid_parameter', `status must be one of ${STATUSES.join(', ')}.`);
      const list = await endpointsOf(deps).deliveries(request.params.id, {
        status: wanted,
        before,
        limit: pageSize ?? 50,
      });
      return list.map(toDeliveryJson);
    },
  );
  v1.post(
    '/webhooks/endpoints/:id/deliveries/:deliveryId/retry',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'retryWebhookDelivery',
        tags,
        summary: 'Send one delivery again',
        description:
          'Whatever its status: it is queued again after the newest event of its stream, with a fresh retry window.',
        params: Type.Object({
          id: Type.String({ maxLength: 100 }),
          deliveryId: Type.Integer({ minimum: 1 }),
        }),
        response: { 200: DeliverySchema },
      },
    },
    async (request) =>
      toDeliveryJson(await endpointsOf(deps).retry(request.params.id, request.params.deliveryId)),
  );
  v1.post(
    '/webhooks/endpoints/:id/replay',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'replayWebhookEvents',
        tags,
        summary: 'Send every event of a time range again',
        description:
          'Queues a new delivery of each event that occurred in [Since, Until) and that the endpoint takes now, oldest first, at most 1000 per call (`More: true` when the range holds more; call again from the last one).',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Object(
          { Since: Type.String(), Until: Type.Optional(Type.String({ description: 'Default: now.' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ Queued: Type.Integer(), More: Type.Boolean() }) },
      },
    },
    async (request) => {
      const since = readTime('Since', request.body.Since);
      const until = request.body.Until === undefined ? Date.now() : readTime('Until', request.body.Until);
      const result = await endpointsOf(deps).replay(request.params.id, since, until);
      return { Queued: result.queued, More: result.more };
    },
  );
}
