import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import type { WebhookEndpointService } from '../../domain/partner-events/webhook-endpoint-service.ts';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { EndpointBody, EndpointSchema, EndpointWithSecretSchema, toEndpointJson } from './endpoint-schema.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const tags = ['Webhooks'];

/** The endpoint service, or a clear 404 in a build without it. */
export function endpointsOf(deps: PartnerApiDependencies): WebhookEndpointService {
  if (!deps.webhookEndpoints) throw new PlugboardError('not_found', 'Webhooks are not available.');
  return deps.webhookEndpoints;
}

/** `GET/POST /v1.0/webhooks/endpoints`, `GET/PUT/DELETE …/{id}`, `POST …/{id}/rotate-secret` (Plugboard additions). */
export async function webhookEndpointRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  v1.get(
    '/webhooks/endpoints',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'listWebhookEndpoints',
        tags,
        summary: 'List event endpoints',
        response: { 200: Type.Array(EndpointSchema) },
      },
    },
    async () => (await endpointsOf(deps).list()).map(toEndpointJson),
  );
  v1.post(
    '/webhooks/endpoints',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'createWebhookEndpoint',
        tags,
        summary: 'Register an event endpoint',
        description:
          'Events are POSTed as `{"type","timestamp","data"}`, signed the Standard Webhooks way with the `Secret` of this answer (shown only here). A private or loopback address is refused unless the settings allow them.',
        body: EndpointBody,
        response: { 200: EndpointWithSecretSchema },
      },
    },
    async (request) => {
      const { endpoint, secret } = await endpointsOf(deps).create(inputOf(request.body));
      return { ...toEndpointJson(endpoint), Secret: secret };
    },
  );
  v1.get(
    '/webhooks/endpoints/:id',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'getWebhookEndpoint',
        tags,
        summary: 'Show an event endpoint',
        params: IdParams,
        response: { 200: EndpointSchema },
      },
    },
    async (request) => toEndpointJson(await endpointsOf(deps).get(request.params.id)),
  );
  v1.put(
    '/webhooks/endpoints/:id',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'updateWebhookEndpoint',
        tags,
        summary: 'Change an event endpoint',
        description: 'Partial: fields not sent keep their values.',
        params: IdParams,
        body: EndpointBody,
        response: { 200: EndpointSchema },
      },
    },
    async (request) =>
      toEndpointJson(await endpointsOf(deps).update(request.params.id, inputOf(request.body))),
  );
  v1.delete(
    '/webhooks/endpoints/:id',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'deleteWebhookEndpoint',
        tags,
        summary: 'Delete an event endpoint and its deliveries',
        params: IdParams,
      },
    },
    async (request, reply) => {
      await endpointsOf(deps).remove(request.params.id);
      return reply.status(200).send();
    },
  );
  v1.post(
    '/webhooks/endpoints/:id/rotate-secret',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'rotateWebhookEndpointSecret',
        tags,
        summary: 'Issue a new signing secret',
        description: 'The old secret stops signing at once; the new one is shown only in this answer.',
        params: IdParams,
        response: { 200: EndpointWithSecretSchema },
      },
    },
    async (request) => {
      const { endpoint, secret } = await endpointsOf(deps).rotateSecret(request.params.id);
      return { ...toEndpointJson(endpoint), Secret: secret };
    },
  );
}

function inputOf(body: {
  Url?: string;
  EventTypes?: string[];
  Enabled?: boolean;
  Description?: string | null;
}) {
  return { url: body.Url, eventTypes: body.EventTypes, enabled: body.Enabled, description: body.Description };
}
