import type { FastifyInstance } from 'fastify';

/** A body that could not be parsed; the routes' error handlers turn it into their own error shape. */
export class MalformedBodyError extends Error {
  readonly statusCode = 400;
}

/**
 * JSON and form parsers for the sandbox's own encapsulation context. They replace any the host
 * registered, so the sandbox parses exactly as it documents whatever the host uses, and an empty
 * JSON body (a DELETE with a content type) is no body rather than an error.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
    if (fastify.hasContentTypeParser(type)) {
      fastify.removeContentTypeParser(type);
    }
  }
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new MalformedBodyError('The request body is not valid JSON'), undefined);
    }
  });
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      const fields: Record<string, string | string[]> = {};
      for (const [name, value] of new URLSearchParams(String(body))) {
        const previous = fields[name];
        fields[name] =
          previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
      }
      done(null, fields);
    },
  );
}
