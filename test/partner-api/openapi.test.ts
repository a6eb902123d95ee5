import { expect, it, vi } from 'vitest';
import { describeApi } from '../support/api-harness.ts';

interface RecordedRoute {
  readonly method: string | readonly string[];
  readonly url: string;
  readonly config: { readonly access?: string; readonly idempotency?: boolean } | undefined;
}

/** Every route each server registers, recorded by wrapping the one function that builds servers. */
const { inventory } = vi.hoisted(() => ({ inventory: new WeakMap<object, RecordedRoute[]>() }));

vi.mock('../../src/http/build-server.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/http/build-server.ts')>();
  return {
    ...original,
    buildHttpServer: async (...args: Parameters<typeof original.buildHttpServer>) => {
      const server = await original.buildHttpServer(...args);
      const routes: RecordedRoute[] = [];
      inventory.set(server, routes);
      server.addHook('onRoute', (route) => {
        routes.push({ method: route.method, url: route.url, config: route.config });
      });
      return server;
    },
  };
});

type Json = Record<string, unknown>;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** Every `$ref` in the document, with where it was found. */
function refsOf(value: unknown, path = '#'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => refsOf(item, `${path}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string'
      ? [[path, child] as [string, string]]
      : refsOf(child, `${path}/${key}`),
  );
}

function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, part) => (node && typeof node === 'object' ? (node as Json)[part] : undefined),
      document,
    );
}

const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');

describeApi('OpenAPI document and reference page', (harness) => {
  const fetchDocument = async () => {
    const response = await harness().call('GET', '/v1.0/openapi.json', { token: null });
    expect(response.status).toBe(200);
    return response.json() as Json & { paths: Record<string, Record<string, Json>> };
  };

  it('serves an OpenAPI 3.1 document without authentication', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Plugboard partner API', version: '1.0' });
    expect(document.servers).toEqual([{ url: 'http://plugboard.test' }]);
    expect(document.components).toMatchObject({
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    });
  });

  it('is structurally valid: responses everywhere, unique operation ids, declared path parameters, resolvable refs', async () => {
    const document = await fetchDocument();
    const operationIds: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      expect(path.startsWith('/'), path).toBe(true);
      for (const [method, operation] of Object.entries(item)) {
        expect(HTTP_METHODS, `${method} ${path}`).toContain(method);
        const where = `${method.toUpperCase()} ${path}`;
        expect(typeof operation.operationId, where).toBe('string');
        operationIds.push(operation.operationId as string);
        expect((operation.tags as string[] | undefined)?.length, where).toBeGreaterThan(0);
        const responses = operation.responses as Record<string, Json>;
        expect(Object.keys(responses).length, where).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(responses)) {
          expect(status, where).toMatch(/^([1-5]\d\d|default)$/);
          expect(typeof response.description, `${where} ${status}`).toBe('string');
        }
        const parameters = (operation.parameters ?? []) as Json[];
        for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
          const declared = parameters.find((p) => p.in === 'path' && p.name === name);
          expect(declared?.required, `${where} declares {${name}}`).toBe(true);
        }
        for (const requirement of (operation.security ?? []) as Json[]) {
          for (const scheme of Object.keys(requirement)) {
            expect(
              (document.components as Json & { securitySchemes: Json }).securitySchemes[scheme],
            ).toBeDefined();
          }
        }
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
    const refs = refsOf(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const [at, ref] of refs) expect(resolvePointer(document, ref), `${ref} at ${at}`).toBeDefined();
    const declaredTags = (document.tags as { name: string }[]).map((t) => t.name);
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        for (const tag of operation.tags as string[]) expect(declaredTags).toContain(tag);
      }
    }
  });

  it('documents every /v1.0 route the server has, with its authentication, account header and idempotency key', async () => {
    const document = await fetchDocument();
    const routes = (inventory.get(harness().app.server) ?? []).filter(
      (r) => r.url.toLowerCase().startsWith('/v1.0') && r.method !== 'HEAD',
    );
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const route of routes) {
      for (const method of [route.method].flat()) {
        const where = `${method} ${route.url}`;
        const operation = document.paths[openApiPath(route.url)]?.[method.toLowerCase()];
        expect(operation, where).toBeDefined();
        if (!operation || route.url === '/v1.0/openapi.json') continue;
        const access = route.config?.access ?? 'partner';
        expect(operation.security, where).toEqual([{ bearer: [] }]);
        expect(operation['x-plugboard-access'], where).toBe(access);
        const headers = ((operation.parameters ?? []) as Json[])
          .filter((p) => p.in === 'header')
          .map((p) => p.name);
        expect(headers.includes('X-Cyclr-Account'), where).toBe(access === 'account');
        const idempotent = method === 'POST' && route.config?.idempotency !== false;
        expect(headers.includes('Idempotency-Key'), where).toBe(idempotent);
        const responses = operation.responses as Json;
        for (const status of ['401', '403', '429'])
          expect(responses[status], `${where} ${status}`).toBeDefined();
      }
    }
  });

  it('documents the account routes with their Cyclr field set and paging headers', async () => {
    const document = await fetchDocument();
    const list = document.paths['/v1.0/accounts']?.get as Json & { responses: Record<string, Json> };
    expect(list.operationId).toBe('listAccounts');
    expect(Object.keys((list.responses['200'] as Json).headers as Json)).toEqual(
      expect.arrayContaining(['Total-Records', 'Total-Pages']),
    );
    const create = document.paths['/v1.0/accounts']?.post as Json;
    expect(JSON.stringify(create.requestBody)).toContain('StepDataSuccessRetentionHours');
    expect(document.paths['/v1.0/accounts/{id}/signintoken']?.post?.operationId).toBe('createSignInToken');
    expect(document.paths['/oauth/token']?.post).toMatchObject({
      operationId: 'getAccessToken',
      security: [],
    });
  });

  it('renders the reference page from the document, self-contained, grouped by tag', async () => {
    const document = await fetchDocument();
    const page = await harness().call('GET', '/docs', { token: null });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.text).not.toMatch(/<script|<link|\ssrc=/i);
    for (const tag of ['Authentication', 'Accounts', 'Sign-in tokens', 'Settings']) {
      expect(page.text).toContain(`<h2 id="tag-${tag.replaceAll(' ', '-')}">${tag}</h2>`);
    }
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of Object.keys(item)) {
        expect(page.text).toContain(
          `<span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code>`,
        );
      }
    }
  });

  it('keeps every other /v1.0 route behind authentication', async () => {
    const response = await harness().call('GET', '/v1.0/accounts', { token: null });
    expect(response.status).toBe(401);
  });
});
