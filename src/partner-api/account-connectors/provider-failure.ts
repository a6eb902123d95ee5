import type { FastifyReply } from 'fastify';
import { PlugboardError } from '../../domain/errors.ts';
import { sendError } from '../../http/error-handler.ts';
import type { ProviderFailure } from '../../runtime/provider-errors.ts';

/** Answers a provider call that did not succeed: the status comes from the error table, by the failure's code. */
export function sendProviderFailure(reply: FastifyReply, failure: ProviderFailure): FastifyReply {
  const extras = {
    ...(failure.retryAfterSeconds !== undefined ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
    ...(failure.details !== undefined ? { details: failure.details } : {}),
  };
  return sendError(reply, new PlugboardError(failure.code, failure.message, extras));
}
