import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { ERROR_STATUS } from '../../http/error-status.ts';

/** Sends an OAuth 2 error (RFC 6749 §5.2): `{"error","error_description"}`, never cached. */
export function oauthError(
  reply: FastifyReply,
  status: number,
  error: string,
  description: string,
): FastifyReply {
  reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
  if (error === 'invalid_client') reply.header('WWW-Authenticate', 'Basic realm="plugboard"');
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ error, error_description: description });
}

/** The description of a framework error a client caused, or `null` for one it did not. */
function clientMistake(error: FastifyError): { status: number; description: string } | null {
  if (error instanceof PlugboardError) {
    const status = ERROR_STATUS[error.code];
    return status < 500 ? { status, description: error.message } : null;
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, description: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, description: 'Send the request as application/x-www-form-urlencoded or JSON.' };
    default:
      break;
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Malformed JSON and prototype-poisoning keys (`__proto__`, `constructor.prototype`) land here.
    return { status: 400, description: 'The request body is not valid JSON or not a plain object.' };
  }
  return null;
}

/**
 * The token endpoints' error handler: OAuth client libraries read `{"error","error_description"}`,
 * so every failure here answers in that shape, a client's mistake as `invalid_request` and anything
 * else as a logged `server_error` that quotes the request id and nothing internal.
 */
export function installOAuthErrorHandling(server: HttpServer): void {
  server.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const mistake = clientMistake(error);
    if (mistake) return oauthError(reply, mistake.status, 'invalid_request', mistake.description);
    request.log.error({ err: error }, 'unhandled error');
    return oauthError(
      reply,
      500,
      'server_error',
      `An unexpected error occurred. Quote request id ${request.id} when reporting it.`,
    );
  });
}
