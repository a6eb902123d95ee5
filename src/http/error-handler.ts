import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PlugboardError } from '../domain/errors.ts';
import { ERROR_STATUS } from './error-status.ts';

/** Sends Cyclr's error body `{"Message"}` with the stable code in `Plugboard-Error-Code`. */
export function sendError(
  reply: FastifyReply,
  error: PlugboardError,
  status: number = ERROR_STATUS[error.code],
): FastifyReply {
  reply.header('Plugboard-Error-Code', error.code);
  if (error.extras.retryAfterSeconds !== undefined) {
    reply.header('Retry-After', String(Math.max(1, Math.ceil(error.extras.retryAfterSeconds))));
  }
  const body: Record<string, unknown> = { Message: error.message };
  if (error.extras.details !== undefined) body.Errors = error.extras.details;
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

function describeValidation(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return 'The request is not valid.';
  const where = error.validationContext ?? 'request';
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing = (first.params as { missingProperty?: string }).missingProperty;
  const field = missing ?? path;
  const place = where === 'body' ? 'body' : where === 'querystring' ? 'query' : where;
  if (missing) return `${field} is required (${place}).`;
  return field
    ? `${field} ${first.message ?? 'is not valid'} (${place}).`
    : `The ${place} ${first.message ?? 'is not valid'}.`;
}

/** Turns framework errors (bad JSON, wrong content type, schema violations) into clear 4xx answers. */
function toPlugboardError(error: FastifyError): PlugboardError | null {
  if (error instanceof PlugboardError) return error;
  if (error.validation) return new PlugboardError('invalid_request', describeValidation(error));
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new PlugboardError('unsupported_media_type', 'Unsupported Content-Type; send application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PlugboardError('payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new PlugboardError('invalid_request', 'The JSON body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new PlugboardError('invalid_request', 'The request body is not valid JSON.');
    default:
      break;
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    if (error instanceof SyntaxError)
      return new PlugboardError('invalid_request', 'The request body is not valid JSON.');
    return new PlugboardError('invalid_request', 'The request is not valid.');
  }
  return null;
}

/** Installs the error and not-found handlers: known errors become `{"Message"}`, unknown ones a logged 500. */
export function installErrorHandling(server: FastifyInstance): void {
  server.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = toPlugboardError(error);
    if (known) return sendError(reply, known);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(
      reply,
      new PlugboardError(
        'internal',
        `An unexpected error occurred. Quote request id ${request.id} when reporting it.`,
      ),
    );
  });
  server.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new PlugboardError('not_found', `There is no ${request.method} ${request.url.split('?')[0]}.`),
    ),
  );
}
