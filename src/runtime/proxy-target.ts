/**
 * Where a proxy call may go. The partner names a path under the connector's API base URL
 * (`…/proxy/parties/11587?embed=tags`); this module turns it into an absolute URL that can only be
 * under that base, refusing anything that could change the host, climb out of the base path or hide a
 * separator in an encoding. Refusal is deliberate rather than repair: a path that needs repairing is
 * an attack or a bug, and the partner should hear about it (the HTTP layer answers 400).
 */
import { isUnderApiBase, parseApiBase } from './api-base.ts';

/** A proxy path or query that cannot be sent. The message is safe to show the partner. */
export class ProxyTargetError extends Error {
  override readonly name = 'ProxyTargetError';
}

/** RFC 3986 path characters, minus `@` and `\`, plus `%` for escapes that are checked separately. */
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:/%]*$/;
/** Query characters (RFC 3986 `query`), `@` included: it cannot change the host after `?`. */
const QUERY_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;
/** Escapes that decode to `/`, `\`, `.` or `%` (a second round of decoding). */
const ENCODED_SEPARATOR = /%(2f|5c|2e|25)/i;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * The absolute provider URL for a proxy call.
 * @param apiBaseUrl the connector setup's API base URL (may carry a path: `https://api.capsulecrm.com/api/v2`)
 * @param rawPath the still-encoded path after `/proxy/`, exactly as it arrived (`parties/11587`); it must
 *   not start with `/`
 * @param rawQuery the still-encoded query string without `?` (`embed=tags`), kept as is; may be empty
 * @throws ProxyTargetError when the path or query is refused
 */
export function resolveProxyTarget(apiBaseUrl: string, rawPath: string, rawQuery = ''): string {
  // `rawPath` is what follows `/proxy/`: a leading slash is an empty segment (`…/proxy//evil.example`).
  const path = rawPath;
  if (path.startsWith('/') || path.includes('//')) {
    throw new ProxyTargetError('The proxy path must not contain empty segments such as //.');
  }
  if (path.includes('\\') || path.includes('@')) {
    throw new ProxyTargetError('The proxy path must not contain a backslash or @.');
  }
  if (SCHEME.test(path)) throw new ProxyTargetError('The proxy path must be relative, not an absolute URL.');
  if (!PATH_CHARACTERS.test(path)) {
    throw new ProxyTargetError('The proxy path contains characters that must be percent-encoded.');
  }
  if (BAD_ESCAPE.test(path)) throw new ProxyTargetError('The proxy path contains a malformed %-escape.');
  if (ENCODED_SEPARATOR.test(path)) {
    throw new ProxyTargetError('The proxy path must not encode /, \\, . or % (as %2F, %5C, %2E or %25).');
  }
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new ProxyTargetError('The proxy path must not contain . or .. segments.');
  }
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (!QUERY_CHARACTERS.test(query) || BAD_ESCAPE.test(query)) {
    throw new ProxyTargetError('The proxy query string contains characters that must be percent-encoded.');
  }

  const base = parseApiBase(apiBaseUrl);
  const fullPath = path === '' ? base.path || '/' : `${base.path}/${path}`;
  const target = `${base.origin}${fullPath}${query === '' ? '' : `?${query}`}`;
  let parsed: URL;
  try {
    parsed = new URL(target);
  } catch {
    throw new ProxyTargetError('The proxy path does not form a valid URL.');
  }
  // Belt and braces: whatever the checks above missed, the parsed URL must still be under the base and
  // the parser must not have rewritten the path (dot segments, backslashes).
  if (!isUnderApiBase(parsed, base) || parsed.pathname !== fullPath) {
    throw new ProxyTargetError('The proxy path would leave the API base URL.');
  }
  return target;
}
