/**
 * The API base URL of a connector setup (`https://api.capsulecrm.com/api/v2`, or a sandbox such as
 * `http://localhost:3000/sandbox/capsule/api/v2`). Every provider request Plugboard sends, and every
 * `Link` it follows, must stay under it: that is what keeps the access token at the provider.
 */
export interface ApiBase {
  /** `scheme://host[:port]`, as the WHATWG URL parser serialises it. */
  readonly origin: string;
  /** The base path without a trailing slash (`/api/v2`; empty for a base at the host root). */
  readonly path: string;
}

/** Thrown for an API base URL that cannot be used (a setup mistake, not a caller's). */
export class ApiBaseError extends Error {
  override readonly name = 'ApiBaseError';
}

/**
 * Bases already parsed, by their text. Every provider call needs its setup's base (a process has a
 * handful), and parsing a URL is the dearest step of that; an `ApiBase` is immutable, so one is shared.
 */
const parsedBases = new Map<string, ApiBase>();
const MAX_PARSED_BASES = 100;

/** Parses and checks a setup's API base URL: http(s), no credentials, no query or fragment. */
export function parseApiBase(apiBaseUrl: string): ApiBase {
  const known = parsedBases.get(apiBaseUrl);
  if (known) return known;
  const base = checkedApiBase(apiBaseUrl);
  if (parsedBases.size >= MAX_PARSED_BASES) parsedBases.clear();
  parsedBases.set(apiBaseUrl, base);
  return base;
}

function checkedApiBase(apiBaseUrl: string): ApiBase {
  let url: URL;
  try {
    url = new URL(apiBaseUrl);
  } catch {
    throw new ApiBaseError('The API base URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ApiBaseError('The API base URL must use http or https.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new ApiBaseError('The API base URL must not contain credentials.');
  }
  if (url.search !== '' || url.hash !== '' || apiBaseUrl.includes('?') || apiBaseUrl.includes('#')) {
    throw new ApiBaseError('The API base URL must not have a query or fragment.');
  }
  return Object.freeze({ origin: url.origin, path: url.pathname.replace(/\/+$/, '') });
}

/**
 * True when `url` is the base itself or lies beneath it: same origin, and a path equal to the base path
 * or continuing it after a `/` (so `/api/v2x` is not under `/api/v2`). The URL is parsed, so dot
 * segments are already resolved when the comparison happens.
 */
export function isUnderApiBase(url: string | URL, base: ApiBase): boolean {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  if (parsed.origin !== base.origin || parsed.username !== '' || parsed.password !== '') return false;
  const path = parsed.pathname;
  return path === base.path || path.startsWith(`${base.path}/`);
}
