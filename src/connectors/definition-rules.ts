/**
 * Consistency rules every connector definition must satisfy, so a mistake in the data (a path parameter
 * without a `{placeholder}`, a reused GUID, a list without paging) fails a test instead of a partner's
 * call. Each rule reports problems as readable strings naming the connector and method.
 */
import type { ConnectorDefinition, MethodDefinition, ParameterDefinition } from './connector-definition.ts';
import { webhookProblems } from './webhook-rules.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLACEHOLDER = /\{([^{}]+)\}/g;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Every problem found across `definitions`; an empty list means they are consistent. */
export function findDefinitionProblems(definitions: readonly ConnectorDefinition[]): string[] {
  const problems: string[] = [];
  problems.push(...duplicates(definitions, (d) => String(d.id), 'connector id'));
  const allMethods = definitions.flatMap((d) => d.methods.map((m) => ({ d, m })));
  problems.push(...duplicates(allMethods, ({ m }) => String(m.id), 'method id'));
  problems.push(...duplicates(allMethods, ({ m }) => m.uniqueIdentifier.toLowerCase(), 'method GUID'));
  for (const definition of definitions) {
    problems.push(
      ...duplicates(definition.methods, (m) => m.name.toLowerCase(), `${definition.name} method name`),
    );
    const guids = new Set(definition.methods.map((m) => m.uniqueIdentifier.toLowerCase()));
    for (const method of definition.methods) {
      problems.push(...methodProblems(method).map((p) => `${definition.name} '${method.name}': ${p}`));
      const follow = method.response.acceptedJob?.followWith;
      if (follow !== undefined && !guids.has(follow.toLowerCase())) {
        problems.push(
          `${definition.name} '${method.name}': its job is followed with ${follow}, which is no method`,
        );
      }
    }
    problems.push(...webhookProblems(definition));
  }
  return problems;
}

/** The problems of one method, without the connector prefix. */
export function methodProblems(method: MethodDefinition): string[] {
  return [
    ...identityProblems(method),
    ...pathProblems(method),
    ...parameterProblems(method.parameters),
    ...bodyProblems(method),
    ...pagingProblems(method),
  ];
}

function identityProblems(method: MethodDefinition): string[] {
  const problems: string[] = [];
  if (!GUID.test(method.uniqueIdentifier)) problems.push(`'${method.uniqueIdentifier}' is not a GUID`);
  if (!Number.isSafeInteger(method.id) || method.id <= 0)
    problems.push(`id ${method.id} is not a positive integer`);
  if (method.name.trim() === '') problems.push('has no name');
  if (method.description.trim() === '') problems.push('has no description');
  if (method.category.trim() === '') problems.push('has no category');
  return problems;
}

function pathProblems(method: MethodDefinition): string[] {
  const problems: string[] = [];
  const { endpoint } = method;
  if (!endpoint.startsWith('/')) problems.push(`endpoint '${endpoint}' does not start with '/'`);
  if (/[?#]/.test(endpoint)) problems.push(`endpoint '${endpoint}' carries a query or fragment`);
  const placeholders = [...endpoint.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
  const pathParameters = method.parameters.filter((p) => p.location === 'path').map((p) => p.name);
  for (const name of placeholders) {
    if (!pathParameters.includes(name)) problems.push(`{${name}} in the endpoint has no path parameter`);
  }
  for (const name of pathParameters) {
    if (!placeholders.includes(name))
      problems.push(`path parameter '${name}' has no {${name}} in the endpoint`);
  }
  problems.push(...duplicates(placeholders, (n) => n, 'endpoint placeholder'));
  return problems;
}

function parameterProblems(parameters: readonly ParameterDefinition[]): string[] {
  const problems = duplicates(parameters, (p) => p.name, 'parameter name');
  problems.push(
    ...duplicates(parameters, (p) => `${p.location}:${p.targetName ?? p.name}`, 'provider parameter'),
  );
  for (const p of parameters) {
    if (p.location === 'path' && !p.required) problems.push(`path parameter '${p.name}' is not required`);
    if (p.values && p.values.length === 0) problems.push(`parameter '${p.name}' has an empty values list`);
    if (p.values && p.dataType !== 'Text') problems.push(`parameter '${p.name}' has values but is not Text`);
    if (p.multiple?.maxItems !== undefined && !(p.multiple.maxItems >= 1)) {
      problems.push(`parameter '${p.name}' allows fewer than one item`);
    }
    if (p.minimum !== undefined && p.maximum !== undefined && p.minimum > p.maximum) {
      problems.push(`parameter '${p.name}' has minimum above maximum`);
    }
    if (p.dataType === 'Object' || p.dataType === 'Array') {
      problems.push(`parameter '${p.name}' is ${p.dataType}; only fields may hold JSON`);
    }
  }
  return problems;
}

function bodyProblems(method: MethodDefinition): string[] {
  const problems: string[] = [];
  const { request, response } = method;
  if (BODY_METHODS.has(method.httpMethod)) {
    if (!request && !method.noRequestBody) problems.push(`${method.httpMethod} has no request format`);
    if (request && method.noRequestBody) problems.push('has a request format but says it sends no body');
  } else if (request || method.noRequestBody) {
    problems.push(`${method.httpMethod} must not describe a request body`);
  }
  if (request) {
    problems.push(...duplicates(request.fields, (f) => f.name, 'request field'));
    for (const name of request.binary ? [request.binary.contentField, request.binary.contentTypeField] : []) {
      if (!request.fields.some((f) => f.name === name))
        problems.push(`binary request field '${name}' is not a field`);
    }
    if (request.wrapKey?.trim() === '') problems.push('request wrapKey is empty');
    if (
      method.parameters.some((p) => p.location === 'body' && request.fields.some((f) => f.name === p.name))
    ) {
      problems.push('a body parameter has the same name as a request field');
    }
  }
  if (response.isList && !response.wrapKey) problems.push('list response has no wrapKey');
  if (
    response.singleRecordKey !== undefined &&
    (!response.isList || response.singleRecordKey === response.wrapKey)
  ) {
    problems.push('singleRecordKey needs a list response with another wrapKey');
  }
  problems.push(...duplicates(response.fields, (f) => f.name, 'response field'));
  return problems;
}

function pagingProblems(method: MethodDefinition): string[] {
  const { paging, response, parameters } = method;
  if (paging.style === 'none') {
    return parameters.some((p) => p.name === 'page' || p.name === 'perPage')
      ? ['takes page parameters but declares no paging']
      : [];
  }
  const problems: string[] = [];
  if (!response.isList) problems.push('pages but its response is not a list');
  const page = parameters.find((p) => p.name === paging.pageParameter);
  const size = parameters.find((p) => p.name === paging.pageSizeParameter);
  if (!page) problems.push(`pages but has no '${paging.pageParameter}' parameter`);
  if (!size) problems.push(`pages but has no '${paging.pageSizeParameter}' parameter`);
  else if (size.maximum !== paging.maxPageSize) {
    problems.push(
      `'${size.name}' maximum ${size.maximum} differs from the paging maxPageSize ${paging.maxPageSize}`,
    );
  }
  return problems;
}

function duplicates<T>(items: readonly T[], key: (item: T) => string, what: string): string[] {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k) && !reported.has(k)) reported.add(k);
    seen.add(k);
  }
  return [...reported].map((k) => `duplicate ${what} '${k}'`);
}
