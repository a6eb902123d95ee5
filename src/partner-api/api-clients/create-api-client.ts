import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { apiClientView, CreateBody, config, NewApiClientSchema, tags } from './api-client-shapes.ts';

/** `POST /v1.0/apiclients`: Create an API client. */
export function createApiClient(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.post(
    '/apiclients',
    {
      // No Idempotency-Key: a replay would need a stored copy of the secret, and only its hash is kept.
      config: { ...config, idempotency: false },
      schema: {
        operationId: 'createApiClient',
        tags,
        summary: 'Create an API client',
        description:
          'The response is the only place the client secret ever appears; only a hash is stored. Not idempotent for the same reason: a retry makes a second client (revoke the one you did not get).',
        body: CreateBody,
        response: { 200: NewApiClientSchema },
      },
    },
    async (request, reply) => {
      const created = await deps.clients.create(request.body.Name);
      reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      return { ...apiClientView(created.client), ClientSecret: created.clientSecret };
    },
  );
}
