/**
 * Shapes a method's provider answer into what its definition declares, so callers get one shape per
 * method: a single record answered to a show-many, a background job's 202, a file instead of JSON.
 */
import type { MethodDefinition } from '../connectors/connector-definition.ts';
import { headerValue, type ResponseHeaders } from './http-headers.ts';

/**
 * A list method's body as declared: a single record under the response's `singleRecordKey` (a
 * show-many that reached show-one) becomes a one-item list under `wrapKey`.
 */
export function asDeclaredList(method: MethodDefinition, body: unknown): unknown {
  const { wrapKey, singleRecordKey, isList } = method.response;
  if (!isList || wrapKey === undefined || singleRecordKey === undefined) return body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  if (wrapKey in record || !(singleRecordKey in record)) return body;
  const { [singleRecordKey]: single, ...rest } = record;
  return { ...rest, [wrapKey]: [single] };
}

/**
 * A 202 from a method that declares `acceptedJob`: the job named by `Location` (its last path segment
 * and the whole URL) under the declared key, next to whatever the provider's body held.
 */
export function asAcceptedJob(
  method: MethodDefinition,
  status: number,
  headers: ResponseHeaders,
  body: unknown,
): unknown {
  const job = method.response.acceptedJob;
  const location = headerValue(headers, 'location');
  if (job === undefined || status !== 202 || location === undefined) return body;
  const path = new URL(location, 'http://relative.invalid').pathname;
  const id = decodeURIComponent(path.split('/').filter(Boolean).at(-1) ?? '');
  const rest = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  return { ...rest, [job.wrapKey]: { id, location } };
}

/** A file answer as JSON: its name (from `Content-Disposition`), media type, size and base64 bytes. */
export function fileBody(method: MethodDefinition, bytes: Buffer, headers: ResponseHeaders): unknown {
  const file = {
    filename: dispositionFilename(headerValue(headers, 'content-disposition')),
    contentType: headerValue(headers, 'content-type') ?? 'application/octet-stream',
    size: bytes.length,
    content: bytes.toString('base64'),
  };
  const key = method.response.wrapKey;
  return key === undefined ? file : { [key]: file };
}

/** The file name of a `Content-Disposition` header: RFC 6266 `filename*` first, then `filename`. */
export function dispositionFilename(header: string | undefined): string | null {
  if (header === undefined) return null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2] !== undefined) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // A malformed escape: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  const value = plain?.[1] ?? plain?.[2];
  return value === undefined ? null : value.replace(/\\(.)/g, '$1');
}
