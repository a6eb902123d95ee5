/**
 * The provider's `Link` header as a partner can follow it. A link under the setup's API base
 * (Capsule's `<https://api.capsulecrm.com/api/v2/parties?page=2>; rel="next"`) is rewritten to the same
 * path and query under Plugboard's proxy for the same account connector, so the next request goes
 * through Plugboard with the connection's token. A link anywhere else keeps its provider URL: Plugboard
 * would not send the token there.
 */
import { type ApiBase, isUnderApiBase } from './api-base.ts';
import { replaceLinkTargets } from './link-header.ts';

/**
 * `url` (absolute) as a URL under `proxyBase`, or `undefined` when it is not under the API base.
 * @param proxyBase where the partner reaches the API base's root through Plugboard, ending in `/`
 */
export function proxyUrlFor(url: string | URL, base: ApiBase, proxyBase: string): string | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  if (!isUnderApiBase(parsed, base)) return undefined;
  const rest = parsed.pathname.slice(base.path.length).replace(/^\/+/, '');
  return `${proxyBase}${rest}${parsed.search}${parsed.hash}`;
}

/**
 * A proxied response's `Link` header (one value or several) with every link under the API base
 * pointing at the proxy instead. Relative targets are resolved against `requestUrl` first.
 */
export function linksThroughProxy<V extends string | readonly string[]>(
  value: V,
  requestUrl: string,
  base: ApiBase,
  proxyBase: string,
): V {
  const rewrite = (text: string) =>
    replaceLinkTargets(text, (target) => {
      let absolute: URL;
      try {
        absolute = new URL(target, requestUrl);
      } catch {
        return target;
      }
      // A relative link elsewhere would mean something else next to Plugboard's URL: made absolute.
      return proxyUrlFor(absolute, base, proxyBase) ?? absolute.href;
    });
  return (typeof value === 'string' ? rewrite(value) : value.map(rewrite)) as V;
}
