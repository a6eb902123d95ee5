/**
 * Header helpers shared by the executor and the pure decisions. Response headers arrive as Node
 * reports them: lower-case names, a string or (for repeated headers) an array of strings.
 */

/** Response headers with lower-case names. */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The value of a header (case-insensitive name); repeated values are joined with `, `. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) that a proxy never forwards, plus the legacy `keep-alive` family. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Response headers the proxy never returns: cookies belong to the provider, credentials to nobody. */
const NEVER_RETURNED = new Set(['set-cookie', 'set-cookie2', 'authorization']);

/**
 * The provider's response headers that are safe to hand to the partner: without hop-by-hop headers
 * (including any the `Connection` header names), cookies or an `Authorization` header.
 */
export function safeResponseHeaders(headers: ResponseHeaders): Record<string, string | string[]> {
  const connection = headerValue(headers, 'connection');
  const named =
    connection === undefined
      ? []
      : connection
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean);
  const out: Record<string, string | string[]> = {};
  // `for…in` over the names: this runs on every proxied call, and `Object.entries` makes an array per header.
  for (const name in headers) {
    const value = headers[name];
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || NEVER_RETURNED.has(lower) || named.includes(lower))
      continue;
    out[lower] = value;
  }
  return out;
}

/**
 * Request headers a partner may pass through the proxy. Everything else is dropped: above all the
 * partner's own `Authorization` (its Plugboard token), cookies, `Host` and the account headers.
 */
const FORWARDED_REQUEST_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'content-length',
  'content-encoding',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  // Capsule's attachment upload names the file in this header.
  'x-attachment-filename',
]);

/** The partner's request headers the proxy forwards (lower-case names, arrays joined). */
export function forwardableRequestHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    const lower = name.toLowerCase();
    if (value === undefined || !FORWARDED_REQUEST_HEADERS.has(lower)) continue;
    out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
