import type { OpenApiDocument, OpenApiOperation, OpenApiParameter } from './openapi-document.ts';

type Schema = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const MAX_DEPTH = 4;

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Escaped prose, with Markdown `code spans` shown as code (the only Markdown the document uses). */
function prose(text: unknown): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** `#/components/schemas/Account` → `Account`. */
function refName(schema: Schema): string | null {
  const ref = schema.$ref;
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/')
    ? ref.slice('#/components/schemas/'.length)
    : null;
}

const anchor = (kind: string, name: string) => `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function typeLabel(schema: Schema): string {
  const name = refName(schema);
  if (name) return `<a href="#${anchor('schema', name)}">${escapeHtml(name)}</a>`;
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(variants)) return variants.map(typeLabel).join(' | ');
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : schema.type
      ? [String(schema.type)]
      : [];
  if (types.length === 0) return 'any';
  return types
    .map((type) => {
      if (type === 'array' && schema.items) return `array of ${typeLabel(schema.items as Schema)}`;
      return escapeHtml(schema.format ? `${type} (${String(schema.format)})` : type);
    })
    .join(' | ');
}

function renderSchema(schema: Schema | undefined, depth = 0, shownAbove?: string): string {
  if (!schema) return '';
  const description =
    schema.description && schema.description !== shownAbove ? `<p>${prose(schema.description)}</p>` : '';
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (properties && depth < MAX_DEPTH) {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const rows = Object.entries(properties)
      .map(
        ([name, property]) =>
          `<tr><td><code>${escapeHtml(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${typeLabel(property)}</td><td>${property.description ? escapeHtml(property.description) : ''}${property.properties || (property.items as Schema | undefined)?.properties ? renderSchema(property, depth + 1) : ''}</td></tr>`,
      )
      .join('');
    return `${description}<table><thead><tr><th>field</th><th>type</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  const items = schema.items as Schema | undefined;
  if (schema.type === 'array' && items?.properties && depth < MAX_DEPTH) {
    return `<p>An array of:</p>${description}${renderSchema(items, depth + 1)}`;
  }
  return `${description}<p>Type: ${typeLabel(schema)}</p>`;
}

function renderParameters(parameters: OpenApiParameter[] | undefined): string {
  if (!parameters?.length) return '';
  const rows = parameters
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${escapeHtml(p.in)}</td><td>${typeLabel((p.schema ?? {}) as Schema)}</td><td>${escapeHtml(p.description ?? (p.schema as Schema | undefined)?.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderContent(
  content: Record<string, { schema?: unknown }> | undefined,
  shownAbove?: string,
): string {
  return Object.entries(content ?? {})
    .map(
      ([type, media]) =>
        `<p class="media">${escapeHtml(type)}</p>${renderSchema(media.schema as Schema, 0, shownAbove)}`,
    )
    .join('');
}

function renderOperation(method: string, path: string, operation: OpenApiOperation): string {
  const id = operation.operationId ?? `${method}-${path}`;
  const access = operation['x-plugboard-access'];
  const auth = access
    ? `<p class="auth">Bearer token${access === 'partner-wide' ? ' not restricted to an account' : ''}${access === 'account' ? ' and X-Cyclr-Account' : ''}.</p>`
    : '<p class="auth">No authentication.</p>';
  const body = operation.requestBody
    ? `<h4>Request body</h4>${renderContent(operation.requestBody.content)}`
    : '';
  const responses = Object.entries(operation.responses)
    .map(([status, response]) => {
      const headers = Object.entries(response.headers ?? {})
        .map(([name, header]) => `<code>${escapeHtml(name)}</code> ${escapeHtml(header.description ?? '')}`)
        .join('<br>');
      return `<div class="response"><p><span class="status">${escapeHtml(status)}</span> ${escapeHtml(response.description)}</p>${headers ? `<p class="headers">${headers}</p>` : ''}${renderContent(response.content, response.description)}</div>`;
    })
    .join('');
  return `<section class="op" id="${escapeHtml(anchor('op', id))}">
<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
${operation.summary ? `<p class="summary">${escapeHtml(operation.summary)}</p>` : ''}
${operation.description ? `<p>${prose(operation.description)}</p>` : ''}${auth}
${renderParameters(operation.parameters)}${body}<h4>Responses</h4>${responses}
</section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#fafbfc}
main{max-width:960px;margin:0 auto;padding:24px}nav a{margin-right:12px}
h2{border-bottom:2px solid #d8dee8;padding-bottom:4px;margin-top:40px}
.op{background:#fff;border:1px solid #d8dee8;border-radius:6px;padding:8px 16px;margin:16px 0}
.method{display:inline-block;min-width:60px;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:2px 6px}
.get{background:#2f7d32}.post{background:#1f5fbf}.put{background:#a66300}.patch{background:#6a3fb5}.delete{background:#b3261e}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border:1px solid #e1e5ec;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f7}.req{color:#b3261e;font-size:12px}.status{font-weight:600}.media,.auth{color:#56607a;font-size:13px}
code{background:#f1f3f7;padding:0 3px;border-radius:3px}`;

/**
 * The API reference as one self-contained HTML page (no script, no third-party asset), rendered from
 * the OpenAPI document: operations grouped by tag, each with its method, path, summary, parameters,
 * request body and responses. Every value from the document is escaped.
 */
export function renderReference(document: OpenApiDocument): string {
  const groups = new Map<string, string[]>();
  for (const tag of document.tags ?? []) groups.set(tag.name, []);
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'Other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)?.push(renderOperation(method, path, operation));
    }
  }
  const tagDescriptions = new Map((document.tags ?? []).map((t) => [t.name, t.description ?? '']));
  const sections = [...groups]
    .filter(([, operations]) => operations.length > 0)
    .map(
      ([tag, operations]) =>
        `<h2 id="${escapeHtml(anchor('tag', tag))}">${escapeHtml(tag)}</h2>${tagDescriptions.get(tag) ? `<p>${escapeHtml(tagDescriptions.get(tag))}</p>` : ''}${operations.join('\n')}`,
    );
  const nav = [...groups]
    .filter(([, operations]) => operations.length > 0)
    .map(([tag]) => `<a href="#${escapeHtml(anchor('tag', tag))}">${escapeHtml(tag)}</a>`)
    .join('');
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section class="op" id="${escapeHtml(anchor('schema', name))}"><h3>${escapeHtml(name)}</h3>${renderSchema(schema as Schema)}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${prose(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="/v1.0/openapi.json">/v1.0/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<nav>${nav}<a href="#schemas">Schemas</a></nav>
${sections.join('\n')}
<h2 id="schemas">Schemas</h2>${schemas}
</main></body></html>`;
}
