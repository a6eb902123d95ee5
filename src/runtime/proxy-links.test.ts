import { describe, expect, it } from 'vitest';
import { parseApiBase } from './api-base.ts';
import { linksThroughProxy, proxyUrlFor } from './proxy-links.ts';

const base = parseApiBase('https://api.capsulecrm.com/api/v2');
const proxyBase = 'https://plugboard.example/v1.0/account/connectors/7/proxy/';
const requestUrl = 'https://api.capsulecrm.com/api/v2/parties?perPage=10';

describe('proxyUrlFor', () => {
  it('keeps the path under the API base and the query', () => {
    expect(proxyUrlFor('https://api.capsulecrm.com/api/v2/parties?page=2&perPage=10', base, proxyBase)).toBe(
      `${proxyBase}parties?page=2&perPage=10`,
    );
    expect(proxyUrlFor('https://api.capsulecrm.com/api/v2', base, proxyBase)).toBe(proxyBase);
  });

  it('maps nothing outside the API base: another host, another path, a look-alike prefix', () => {
    for (const url of [
      'https://evil.example/api/v2/parties',
      'https://api.capsulecrm.com/oauth/token',
      'https://api.capsulecrm.com/api/v2x/parties',
      'http://api.capsulecrm.com/api/v2/parties',
      'not a url',
    ]) {
      expect(proxyUrlFor(url, base, proxyBase), url).toBeUndefined();
    }
  });
});

describe('linksThroughProxy', () => {
  it("rewrites Capsule's next and prev links to the proxy", () => {
    const header =
      '<https://api.capsulecrm.com/api/v2/parties?perPage=10&page=3>; rel="next", <https://api.capsulecrm.com/api/v2/parties?perPage=10&page=1>; rel="prev"';
    expect(linksThroughProxy(header, requestUrl, base, proxyBase)).toBe(
      `<${proxyBase}parties?perPage=10&page=3>; rel="next", <${proxyBase}parties?perPage=10&page=1>; rel="prev"`,
    );
  });

  it('resolves relative targets against the request, and makes a relative one outside the base absolute', () => {
    expect(
      linksThroughProxy(['<?page=2>; rel=next', '<../../x>; rel=up'], requestUrl, base, proxyBase),
    ).toEqual([`<${proxyBase}parties?page=2>; rel=next`, '<https://api.capsulecrm.com/x>; rel=up']);
  });

  it('keeps a link to another host as the provider sent it', () => {
    const header = '<https://evil.example/steal>; rel="next"';
    expect(linksThroughProxy(header, requestUrl, base, proxyBase)).toBe(header);
  });
});
