import type { FastifyReply } from 'fastify';
import { PlugboardError } from '../../domain/errors.ts';
import { sendError } from '../../http/error-handler.ts';
import { ApiBaseError } from '../../runtime/api-base.ts';
import { MethodInputError } from '../../runtime/method-input.ts';
import type { ProviderFailure } from '../../runtime/provider-errors.ts';
import { ProxyTargetError } from '../../runtime/proxy-target.ts';

/** Answers a provider call that did not succeed with the runtime's status and a `{"Message"}` body. */
export function sendProviderFailure(reply: FastifyReply, failure: ProviderFailure): FastifyReply {
  const extras = {
    ...(failure.retryAfterSeconds !== undefined ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
    ...(failure.details !== undefined ? { details: failure.details } : {}),
  };
  return sendError(reply, new PlugboardError(failure.code, failure.message, extras), failure.status);
}

/** Turns the runtime's input refusals into 400s naming what is wrong; other errors pass through. */
export function asInputError(error: unknown): unknown {
  if (error instanceof MethodInputError || error instanceof ProxyTargetError) {
    return new PlugboardError('invalid_parameter', error.message);
  }
  if (error instanceof ApiBaseError) {
    return new PlugboardError(
      'connector_not_set_up',
      `The connector setup's ApiBaseUrl cannot be used: ${error.message}`,
    );
  }
  return error;
}
