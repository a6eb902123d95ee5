/**
 * Turns a method call (`{"Parameters", "Fields"}`) into the provider HTTP request the definition
 * describes. Nothing is sent here: the result is plain data, so every check is unit-testable, and no
 * value can reach the provider unchecked.
 */
import type {
  ConnectorDefinition,
  HttpMethod,
  MethodDefinition,
} from '../connectors/connector-definition.ts';
import { isUnderApiBase, parseApiBase } from './api-base.ts';
import { fieldValue, type MethodInput, MethodInputError, parameterItems } from './method-input.ts';

export { type MethodInput, MethodInputError } from './method-input.ts';

/** A provider request ready to send (the `Authorization` header is added by the executor). */
export interface ProviderRequest {
  readonly method: HttpMethod;
  /** Absolute URL under the setup's API base URL. */
  readonly url: string;
  /** Lower-case header names: the definition's default headers, header parameters, `content-type`. */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text for methods with a request format; the bytes for a binary one. */
  readonly body?: string | Uint8Array;
}

/**
 * Builds the provider request for `method`, or throws `MethodInputError` naming the first parameter or
 * field that is unknown, missing or of the wrong type. Path values are percent-encoded item by item, so
 * no value can add a path segment or climb out of `apiBaseUrl` (which may itself carry a path).
 */
export function buildMethodRequest(
  definition: ConnectorDefinition,
  method: MethodDefinition,
  apiBaseUrl: string,
  input: MethodInput,
): ProviderRequest {
  const parameters = plainObject(input.Parameters, 'Parameters');
  const fields = plainObject(input.Fields, 'Fields');
  for (const key of Object.keys(parameters)) {
    if (!method.parameters.some((p) => p.name === key)) {
      throw new MethodInputError(key, `There is no parameter named '${key}' on method '${method.name}'.`);
    }
  }

  let path = method.endpoint;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(definition.api.headers)) headers[name.toLowerCase()] = value;
  const bodyParameters: Record<string, string> = {};

  for (const parameter of method.parameters) {
    const checked = parameterItems(parameter, parameters[parameter.name]);
    if (checked === undefined) continue;
    const items = parameter.percentEncode ? checked.map(encodeURIComponent) : checked;
    const target = parameter.targetName ?? parameter.name;
    switch (parameter.location) {
      case 'path':
        path = path.replaceAll(`{${parameter.name}}`, items.map(encodePathItem).join(','));
        break;
      case 'query':
        query.append(target, items.join(','));
        break;
      case 'header':
        headers[target.toLowerCase()] = items.join(',');
        break;
      case 'body':
        bodyParameters[target] = items.join(',');
        break;
    }
  }

  const file = method.request?.binary ? fileRequest(method, fields) : undefined;
  const body = file?.bytes ?? requestBody(method, fields, bodyParameters);
  if (body !== undefined) headers['content-type'] = file?.contentType ?? 'application/json';

  const base = parseApiBase(apiBaseUrl);
  const search = query.toString();
  const url = `${base.origin}${base.path}${path}${search === '' ? '' : `?${search}`}`;
  // The checks above make this impossible; it stays as the last guard before a token is attached.
  if (!isUnderApiBase(url, base)) throw new Error('A method request would leave the API base URL.');
  return body === undefined
    ? { method: method.httpMethod, url, headers }
    : { method: method.httpMethod, url, headers, body };
}

function requestBody(
  method: MethodDefinition,
  fields: Readonly<Record<string, unknown>>,
  bodyParameters: Readonly<Record<string, string>>,
): string | undefined {
  const request = method.request;
  if (!request) {
    const [first] = Object.keys(fields);
    if (first !== undefined) {
      throw new MethodInputError(first, `There is no field named '${first}' on method '${method.name}'.`);
    }
    return Object.keys(bodyParameters).length > 0 ? JSON.stringify(bodyParameters) : undefined;
  }
  for (const key of Object.keys(fields)) {
    if (!request.fields.some((f) => f.name === key)) {
      throw new MethodInputError(key, `There is no field named '${key}' on method '${method.name}'.`);
    }
  }
  const values: Record<string, unknown> = {};
  for (const field of request.fields) {
    const value = fieldValue(field, fields[field.name]);
    if (value !== undefined) values[field.name] = value;
  }
  const wrapped = request.wrapKey === undefined ? values : { [request.wrapKey]: values };
  return JSON.stringify({ ...bodyParameters, ...wrapped });
}

/** A binary request: the base64 content field decoded, sent with the content-type field's value. */
function fileRequest(
  method: MethodDefinition,
  fields: Readonly<Record<string, unknown>>,
): { bytes: Uint8Array; contentType: string } {
  const request = method.request;
  const binary = request?.binary;
  if (!request || !binary) throw new Error(`'${method.name}' has no binary request format.`);
  for (const key of Object.keys(fields)) {
    if (key !== binary.contentField && key !== binary.contentTypeField) {
      throw new MethodInputError(key, `There is no field named '${key}' on method '${method.name}'.`);
    }
  }
  const text = (name: string): string => {
    const definition = request.fields.find((f) => f.name === name);
    const value = definition ? fieldValue({ ...definition, required: true }, fields[name]) : undefined;
    if (typeof value !== 'string') throw new MethodInputError(name, `Field '${name}' must be text.`);
    return value;
  };
  const content = text(binary.contentField).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content) || content.length % 4 === 1) {
    throw new MethodInputError(binary.contentField, `Field '${binary.contentField}' must be base64.`);
  }
  const contentType = text(binary.contentTypeField);
  if (!/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(contentType) || /[\r\n]/.test(contentType)) {
    throw new MethodInputError(
      binary.contentTypeField,
      `Field '${binary.contentTypeField}' must be a media type such as application/pdf.`,
    );
  }
  return { bytes: Buffer.from(content, 'base64'), contentType };
}

/** Percent-encodes one path item completely, so `/`, `?`, `#` and `%` stay data. */
function encodePathItem(item: string): string {
  return encodeURIComponent(item);
}

function plainObject(value: unknown, name: 'Parameters' | 'Fields'): Readonly<Record<string, unknown>> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new MethodInputError(name, `${name} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}
