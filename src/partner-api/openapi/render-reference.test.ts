import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from './openapi-document.ts';
import { escapeHtml, renderReference } from './render-reference.ts';

const hostile = '<script>alert("x")</script>';

const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: `API ${hostile}`, version: '1.0', description: hostile },
  tags: [{ name: 'Things', description: hostile }],
  paths: {
    '/v1.0/things/{id}': {
      get: {
        operationId: 'getThing',
        summary: hostile,
        tags: ['Things'],
        parameters: [
          {
            name: `id"${hostile}`,
            in: 'path',
            required: true,
            schema: { type: 'string', description: hostile },
          },
        ],
        responses: {
          '200': {
            description: hostile,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { [hostile]: { type: 'string', description: hostile } },
                },
              },
            },
          },
        },
        'x-plugboard-access': 'account',
      },
      post: {
        operationId: `make"${hostile}`,
        tags: [hostile],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: { schemas: { Thing: { type: 'object', properties: { Name: { type: ['string', 'null'] } } } } },
};

describe('renderReference', () => {
  it('escapes every value taken from the document', () => {
    const html = renderReference(document);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('"x")');
    expect(html).toContain(escapeHtml(hostile));
  });

  it('groups operations by tag with method, path, summary, parameters, body and responses', () => {
    const html = renderReference(document);
    expect(html).toContain('<h2 id="tag-Things">Things</h2>');
    expect(html).toContain('<span class="method get">GET</span> <code>/v1.0/things/{id}</code>');
    expect(html).toContain('<h4>Parameters</h4>');
    expect(html).toContain('<h4>Request body</h4>');
    expect(html).toContain('<a href="#schema-Thing">Thing</a>');
    expect(html).toContain('string | null');
    expect(html).toContain('Bearer token and X-Cyclr-Account.');
    expect(html.indexOf('id="tag-Things"')).toBeGreaterThan(0);
    expect(html.indexOf('id="tag-Things"')).toBeLessThan(html.indexOf(`>${escapeHtml(hostile)}</h2>`));
  });

  it('shows Markdown code spans as code, still escaped', () => {
    const html = renderReference({
      ...document,
      info: { ...document.info, description: 'Send `<b>{"Id"}</b>`.' },
    });
    expect(html).toContain('Send <code>&lt;b&gt;{&quot;Id&quot;}&lt;/b&gt;</code>.');
  });

  it('loads nothing from elsewhere and runs nothing', () => {
    const html = renderReference(document);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|@import|url\(/i);
  });
});
