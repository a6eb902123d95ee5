import { OAuthError } from './oauth-errors.ts';

/** OAuth request parameters after the RFC 6749 §3.1 checks: each one present at most once, as a string. */
export type OAuthParams = Readonly<Record<string, string>>;

/**
 * Reads parameters from a parsed query string, form body or JSON object. Repeated parameters and
 * non-string JSON values are `invalid_request`; empty values count as absent, as RFC 6749 §3.1 says.
 */
export function readOAuthParams(source: unknown): OAuthParams {
  if (source === undefined || source === null) {
    return {};
  }
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw new OAuthError('invalid_request', 'The request body must be a form or a JSON object');
  }
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (Array.isArray(value)) {
      throw new OAuthError('invalid_request', `${name} must not be repeated`);
    }
    if (typeof value !== 'string') {
      throw new OAuthError('invalid_request', `${name} must be a string`);
    }
    if (value !== '') {
      params[name] = value;
    }
  }
  return params;
}
