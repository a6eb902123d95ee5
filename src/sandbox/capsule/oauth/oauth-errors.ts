import type { FastifyReply } from 'fastify';

/** RFC 6749 §5.2 error codes, plus `temporarily_unavailable` for injected outages. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'temporarily_unavailable'
  | 'server_error';

const STATUS_BY_CODE: Readonly<Record<OAuthErrorCode, number>> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  temporarily_unavailable: 503,
  server_error: 500,
};

/** An error a token or revocation endpoint answers with, per RFC 6749 §5.2. */
export class OAuthError extends Error {
  readonly status: number;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
    this.status = STATUS_BY_CODE[code];
  }
}

/** Sends `{"error","error_description"}`; `invalid_client` also gets the RFC's `WWW-Authenticate`. */
export function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  if (error.code === 'invalid_client') {
    reply.header('www-authenticate', 'Basic realm="Capsule"');
  }
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({ error: error.code, error_description: error.description });
}
