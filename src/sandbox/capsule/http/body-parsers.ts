import type { FastifyInstance } from 'fastify';

/**
 * What one JSON request may carry. The sandbox keeps what it is sent in the partner API's memory,
 * so a record is small (Capsule's own are a few kilobytes) and its lists short.
 */
export const MAX_JSON_BODY_BYTES = 64 * 1024;
export const MAX_LIST_ITEMS = 100;

/** The length of the longest array anywhere in `value` (walked without recursion). */
function longestList(value: unknown): number {
  let longest = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) longest = Math.max(longest, current.length);
    for (const child of Object.values(current))
      if (child !== null && typeof child === 'object') stack.push(child);
  }
  return longest;
}

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
  const json = { parseAs: 'string', bodyLimit: MAX_JSON_BODY_BYTES } as const;
  fastify.addContentTypeParser('application/json', json, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      done(new MalformedBodyError('The request body is not valid JSON'), undefined);
      return;
    }
    if (longestList(parsed) > MAX_LIST_ITEMS) {
      done(
        new MalformedBodyError(`A list in the request body holds more than ${MAX_LIST_ITEMS} items`),
        undefined,
      );
      return;
    }
    done(null, parsed);
  });
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: MAX_JSON_BODY_BYTES },
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
