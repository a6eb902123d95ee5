import { Type } from 'typebox';
import { PlugboardError } from '../domain/errors.ts';
import {
  type InboundWebhookService,
  RetiredHookError,
} from '../domain/inbound-webhooks/inbound-webhook-service.ts';
import type { HttpServer } from '../http/build-server.ts';
import { sendError } from '../http/error-handler.ts';

export interface InboundRouteOptions {
  readonly inbound: InboundWebhookService;
  /** Largest body accepted, in bytes (larger: 413). */
  readonly maxBodyBytes: number;
}

/** JSON, with or without parameters, and `+json` types. */
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json(\s*;.*)?$/i;

/**
 * `POST /webhooks/{token}`: where providers (Capsule's REST hooks) and partners' own apps (a cycle's
 * generic webhook trigger) deliver. The raw body is stored and answered `202` at once; processing is
 * queued. Unknown token → 404; a retired hook → the provider's unsubscribe status (Capsule: 410, which
 * makes it drop the hook); over the size cap → 413; not JSON → 415. The token never reaches a log line.
 */
export async function inboundWebhookRoutes(server: HttpServer, options: InboundRouteOptions): Promise<void> {
  // This context reads every body as text: it is stored as it came, not re-serialised.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser(
    '*',
    { parseAs: 'string', bodyLimit: options.maxBodyBytes },
    (request, body, done) => {
      const type = request.headers['content-type'] ?? '';
      if (!JSON_TYPE.test(type)) {
        done(
          new PlugboardError(
            'unsupported_media_type',
            'Webhook bodies must be JSON (Content-Type: application/json).',
          ),
        );
        return;
      }
      done(null, body);
    },
  );
  server.post(
    '/webhooks/:token',
    {
      schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 200 }) }) },
      bodyLimit: options.maxBodyBytes,
    },
    async (request, reply) => {
      const contentType = request.headers['content-type'] ?? '';
      if (!JSON_TYPE.test(contentType)) {
        return sendError(
          reply,
          new PlugboardError(
            'unsupported_media_type',
            'Webhook bodies must be JSON (Content-Type: application/json).',
          ),
        );
      }
      if (typeof request.body !== 'string' || request.body === '') {
        return sendError(reply, new PlugboardError('invalid_request', 'The webhook body is empty.'));
      }
      try {
        const { deliveryId } = await options.inbound.accept(request.params.token, contentType, request.body);
        return reply.status(202).send({ Received: true, DeliveryId: deliveryId });
      } catch (error) {
        if (error instanceof RetiredHookError) {
          return sendError(reply, new PlugboardError('not_found', error.message), error.status);
        }
        throw error;
      }
    },
  );
}
