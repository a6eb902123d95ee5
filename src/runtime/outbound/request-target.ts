/**
 * Where undici's `Dispatcher.request` sends a request for `url`: its origin, and its path with the
 * query, worked out as undici's `request(url, options)` does. Only `http:` and `https:` URLs.
 */
export function requestTarget(url: string | URL): { readonly origin: string; readonly path: string } {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error('The URL must start with http: or https:.');
  }
  return { origin: target.origin, path: `${target.pathname}${target.search}` };
}
