import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { ErrorBody } from '../schemas.ts';

/** The parts of an OpenAPI 3.1 document this code reads and writes; everything else passes through. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  [extension: string]: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: unknown;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description?: string; schema?: unknown }>;
  content?: Record<string, { schema?: unknown }>;
}

export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: unknown }> };
  responses: Record<string, OpenApiResponse>;
  security?: Record<string, string[]>[];
  /** How the route is authorised (`partner`, `partner-wide`, `account`); absent on public routes. */
  'x-plugboard-access'?: string;
  /** Present on POST routes that honour `Idempotency-Key`. */
  'x-plugboard-idempotent'?: boolean;
  [extension: string]: unknown;
}

const TAGS = [
  { name: 'Authentication', description: 'Client-credentials access tokens for the partner API.' },
  { name: 'Accounts', description: 'The partner’s customers (tenants), as in Cyclr’s account API.' },
  {
    name: 'Sign-in tokens',
    description: 'One-time, five-minute tokens that start an end user’s browser flow.',
  },
  { name: 'Settings', description: 'Partner-wide settings (a Plugboard addition).' },
  {
    name: 'LAUNCH',
    description:
      'One-time links to the end user’s own page for picking, connecting and switching on integrations.',
  },
  {
    name: 'API clients',
    description: 'The credentials partner backends use at POST /oauth/token (a Plugboard addition).',
  },
  {
    name: 'Webhooks',
    description:
      'Signed partner events (Standard Webhooks) with their delivery log, retry and replay; webhook subscriptions at providers; cycles’ generic webhook URLs (Plugboard additions).',
  },
  { name: 'Reference', description: 'This document.' },
];

const DESCRIPTION = `Cyclr-compatible partner API. Get a token at \`POST /oauth/token\` and send it as
\`Authorization: Bearer …\`; account-scoped calls also send \`X-Cyclr-Account: {AccountId}\` (alias
\`X-Plugboard-Account\`). Errors are \`{"Message":"…"}\` with a stable code in the \`Plugboard-Error-Code\`
header. Lists are bare JSON arrays paged with \`page\` (from 1) and \`pageSize\` (1–1000, default 50), with
\`Total-Records\` and \`Total-Pages\` headers. Each API client may make a limited number of calls a minute
(\`X-RateLimit-*\` headers, 429 with \`Retry-After\`). POST calls accept an \`Idempotency-Key\`.`;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string, headers?: OpenApiResponse['headers']): OpenApiResponse => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: ref('Error') } },
});

const RATE_LIMIT_HEADERS: OpenApiResponse['headers'] = {
  'Retry-After': { description: 'Seconds until the window ends.', schema: { type: 'integer' } },
  'X-RateLimit-Limit': {
    description: 'Calls allowed per minute for this API client.',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Remaining': { description: 'Calls left in this window.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': {
    description: 'When the window ends, in epoch seconds.',
    schema: { type: 'integer' },
  },
};

const PAGING_HEADERS: OpenApiResponse['headers'] = {
  'Total-Records': { description: 'Items in the whole list.', schema: { type: 'integer' } },
  'Total-Pages': { description: 'Pages of pageSize items (at least 1).', schema: { type: 'integer' } },
};

/**
 * Marks the routes of the authenticated `/v1.0` context in the document (they are the ones without a
 * `security` of their own): the bearer requirement and how each is authorised, read from its
 * `config.access`, so routes added later are documented the same way with no extra work.
 */
function markRoute({ schema, url, route }: Parameters<NonNullable<OpenApiTransform>>[0]) {
  if (!url.startsWith('/v1.0/') || schema?.security !== undefined) return { schema, url };
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const marked: FastifySchema & Record<string, unknown> = {
    ...schema,
    security: [{ bearer: [] }],
    'x-plugboard-access': route.config?.access ?? 'partner',
  };
  if (methods.includes('POST') && route.config?.idempotency !== false)
    marked['x-plugboard-idempotent'] = true;
  return { schema: marked, url };
}

type OpenApiTransform = Extract<SwaggerOptions, { transform?: unknown }>['transform'];

function addParameter(operation: OpenApiOperation, parameter: OpenApiParameter): void {
  const parameters = operation.parameters ?? [];
  if (
    !parameters.some((p) => p.in === parameter.in && p.name.toLowerCase() === parameter.name.toLowerCase())
  ) {
    parameters.push(parameter);
  }
  operation.parameters = parameters;
}

function addResponse(operation: OpenApiOperation, status: string, response: OpenApiResponse): void {
  operation.responses[status] ??= response;
}

/** Adds what every partner API operation shares: headers, error answers, paging headers, tags. */
export function completeDocument(document: OpenApiDocument): OpenApiDocument {
  const usedTags = new Set<string>();
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      for (const tag of operation.tags ?? []) usedTags.add(tag);
      if (operation.parameters?.some((p) => p.in === 'query' && p.name === 'page')) {
        const ok = operation.responses['200'];
        if (ok) ok.headers = { ...PAGING_HEADERS, ...ok.headers };
      }
      if (operation.requestBody || operation.parameters?.some((p) => p.in === 'query')) {
        addResponse(
          operation,
          '400',
          errorResponse('The request is not valid; the message says what is wrong.'),
        );
      }
      const access = operation['x-plugboard-access'];
      if (access === undefined) continue;
      if (access === 'account') {
        addParameter(operation, {
          name: 'X-Cyclr-Account',
          in: 'header',
          required: true,
          description:
            'The Id of the account the call is about (alias: X-Plugboard-Account). Missing or empty: 401.',
          schema: { type: 'string' },
        });
      }
      if (operation['x-plugboard-idempotent']) {
        addParameter(operation, {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Up to 255 printable ASCII characters. Repeating the same request with the same key within 24 hours returns the stored answer (with Idempotent-Replayed: true); a different request with the key gives 409.',
          schema: { type: 'string', maxLength: 255 },
        });
      }
      addResponse(
        operation,
        '401',
        errorResponse('No valid access token (or, on account calls, no X-Cyclr-Account).'),
      );
      addResponse(
        operation,
        '403',
        errorResponse('The access token may not make this call (it is restricted to one account).'),
      );
      if (access === 'account' || operation.parameters?.some((p) => p.in === 'path')) {
        addResponse(operation, '404', errorResponse('Not found (or not in this account).'));
      }
      if (operation['x-plugboard-idempotent']) {
        addResponse(
          operation,
          '409',
          errorResponse('The Idempotency-Key was used for another request, or is in use.'),
        );
      }
      addResponse(
        operation,
        '429',
        errorResponse('Too many calls from this API client this minute.', RATE_LIMIT_HEADERS),
      );
    }
  }
  const tags = [...(document.tags ?? [])];
  for (const name of usedTags) if (!tags.some((t) => t.name === name)) tags.push({ name });
  document.tags = tags;
  return document;
}

/** Options of `@fastify/swagger` for the partner API's OpenAPI 3.1 document. */
export function swaggerOptions(publicUrl: string): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Plugboard partner API', version: '1.0', description: DESCRIPTION },
      servers: [{ url: publicUrl }],
      tags: TAGS,
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An access token from POST /oauth/token (client credentials).',
          },
        },
        schemas: { Error: ErrorBody as never },
      },
    },
    transform: markRoute,
    // A copy: the plugin keeps its own object, and this runs once (the result is cached).
    transformObject: (documentObject) =>
      completeDocument(
        structuredClone((documentObject as { openapiObject: unknown }).openapiObject) as OpenApiDocument,
      ) as never,
  };
}
