import { hasControlCharacter } from '../text-rules.ts';

export type OriginCheck =
  | { readonly ok: true; readonly origin: string }
  | { readonly ok: false; readonly reason: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const MAX_ORIGIN_LENGTH = 2048;

/** Loopback hosts may use plain http: `localhost`, 127.0.0.0/8 and `[::1]`. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Checks that `text` is exactly an origin — `scheme://host[:port]`, optionally with one trailing `/` —
 * and gives its normal form (lower-case scheme and host, default port dropped, IDN as punycode), or
 * the reason it is not one. `https` is required except for loopback hosts.
 */
export function parseOrigin(text: string): OriginCheck {
  const refuse = (reason: string): OriginCheck => ({ ok: false, reason });
  if (text.length === 0) return refuse('is empty');
  if (text.length > MAX_ORIGIN_LENGTH) return refuse(`is longer than ${MAX_ORIGIN_LENGTH} characters`);
  if (/\s/.test(text) || hasControlCharacter(text)) return refuse('contains spaces or control characters');
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return refuse('must start with https:// (or http:// for localhost)');
  if (scheme !== 'https' && scheme !== 'http') return refuse('must use https (or http for localhost)');
  const rest = text.slice(text.indexOf('://') + 3);
  if (rest.includes('*')) return refuse('must not contain a wildcard');
  if (rest.includes('\\')) return refuse('must not contain a backslash');
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  if (authority.includes('@')) return refuse('must not contain a user name or password');
  if (tail.includes('?')) return refuse('must not have a query');
  if (tail.includes('#')) return refuse('must not have a fragment');
  if (tail !== '' && tail !== '/') return refuse('must not have a path');
  let url: URL;
  try {
    url = new URL(`${scheme}://${authority}`);
  } catch {
    return refuse('is not a valid origin');
  }
  if (url.hostname === '') return refuse('has no host');
  if (scheme === 'http' && !isLoopback(url.hostname))
    return refuse('must use https (http is allowed only for localhost)');
  return { ok: true, origin: url.origin };
}

/**
 * The normal form of an exact origin, or `null` if `text` is not one (see {@link parseOrigin}). Two
 * spellings of the same origin normalise to the same string, so allowed origins are compared with `===`.
 */
export function normaliseOrigin(text: string): string | null {
  const check = parseOrigin(text);
  return check.ok ? check.origin : null;
}
