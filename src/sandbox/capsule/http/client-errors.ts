import { SandboxFullError } from '../sandbox-state.ts';
import { MalformedBodyError } from './body-parsers.ts';

const CLIENT_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Could not find resource',
  413: 'The request body is too large',
  415: 'Unsupported Media Type',
};

/**
 * The status and a safe message for an error Fastify or a body parser raised before a handler ran
 * (malformed JSON, unsupported content type …); undefined for anything else, which is a 500.
 * Messages come from a fixed table so internals are never echoed.
 */
export function clientErrorOf(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof MalformedBodyError) {
    return { status: 400, message: error.message };
  }
  if (error instanceof SandboxFullError) {
    return { status: 422, message: error.message };
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) {
    return undefined;
  }
  return { status, message: CLIENT_ERROR_MESSAGES[status] ?? 'Bad Request' };
}
