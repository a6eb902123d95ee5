import { describe, expect, it } from 'vitest';
import { ProxyTargetError, resolveProxyTarget } from './proxy-target.ts';

const BASE = 'https://api.capsulecrm.com/api/v2';

describe('resolveProxyTarget', () => {
  it('appends the path and keeps the query string as sent', () => {
    expect(resolveProxyTarget(BASE, 'parties/11587', 'embed=tags%2Cfields&q=a%40b.com')).toBe(
      'https://api.capsulecrm.com/api/v2/parties/11587?embed=tags%2Cfields&q=a%40b.com',
    );
  });

  it('works under a base URL with a longer path and a port', () => {
    expect(resolveProxyTarget('http://localhost:3000/sandbox/capsule/api/v2/', 'users/current')).toBe(
      'http://localhost:3000/sandbox/capsule/api/v2/users/current',
    );
  });

  it('accepts an empty path, which is the base itself', () => {
    expect(resolveProxyTarget(BASE, '')).toBe(BASE);
  });

  it('accepts percent-encoded characters that are not separators', () => {
    expect(resolveProxyTarget(BASE, 'parties/search%20x')).toBe(`${BASE}/parties/search%20x`);
  });

  it.each([
    ['//evil.example', 'a protocol-relative host'],
    ['//evil.example/api/v2', 'a protocol-relative host with a path'],
    ['parties//x', 'an empty segment'],
    ['/site', 'an empty first segment (…/proxy//site)'],
    ['/evil.example/x', 'an empty first segment before a host name'],
    ['@evil.example', 'a user-info host'],
    ['parties@evil.example', 'an @ inside the path'],
    ['%2F%2Fevil.example', 'encoded slashes'],
    ['%2f%2fevil.example', 'lower-case encoded slashes'],
    ['..%2Foauth%2Ftoken', 'an encoded slash after a dot segment'],
    ['../oauth/token', 'a dot-dot segment'],
    ['parties/../../oauth/token', 'dot-dot segments inside the path'],
    ['./parties', 'a dot segment'],
    ['%2E%2E/oauth/token', 'encoded dots'],
    ['%2e%2e/oauth/token', 'lower-case encoded dots'],
    ['parties%5C..%5Cx', 'encoded backslashes'],
    ['%252F%252Fevil.example', 'double-encoded slashes'],
    ['\\\\evil.example', 'backslashes'],
    ['\\evil.example', 'a leading backslash'],
    ['parties\\..\\x', 'backslash dot segments'],
    ['http://evil.example', 'an absolute http URL'],
    ['https:evil.example', 'a scheme without slashes'],
    ['javascript:alert(1)', 'a javascript: URL'],
    ['parties/1\r\nHost: evil', 'CR LF'],
    ['parties/1\u0000', 'a NUL'],
    ['parties/1\t', 'a tab'],
    ['parties/ 1', 'a raw space'],
    ['parties/%zz', 'a malformed escape'],
    ['parties/1#frag', 'a fragment'],
    ['parties/1?x=1', 'a query inside the path'],
    ['pärties', 'a raw non-ASCII character'],
  ])('refuses %j (%s)', (path) => {
    expect(() => resolveProxyTarget(BASE, path)).toThrow(ProxyTargetError);
  });

  it.each([
    ['a=1\r\nX: y', 'CR LF'],
    ['a=1#frag', 'a fragment'],
    ['a=%zz', 'a malformed escape'],
    ['a= 1', 'a raw space'],
  ])('refuses the query %j (%s)', (query) => {
    expect(() => resolveProxyTarget(BASE, 'parties', query)).toThrow(ProxyTargetError);
  });

  it('explains the refusal in words the partner can act on', () => {
    expect(() => resolveProxyTarget(BASE, '%2F%2Fevil')).toThrow(
      'The proxy path must not encode /, \\, . or % (as %2F, %5C, %2E or %25).',
    );
  });

  it('either refuses a path or keeps it under the base, for every mix of tricky pieces', () => {
    const pieces = [
      '..',
      '.',
      '/',
      '\\',
      '@',
      ':',
      '%2e',
      '%2F',
      '%5c',
      '%25',
      'evil.example',
      'http:',
      '?',
      '#',
      'a',
      '%41',
    ];
    let accepted = 0;
    for (const a of pieces) {
      for (const b of pieces) {
        for (const c of pieces) {
          let target: string;
          try {
            target = resolveProxyTarget(BASE, `${a}${b}${c}`);
          } catch (error) {
            expect(error).toBeInstanceOf(ProxyTargetError);
            continue;
          }
          accepted++;
          const url = new URL(target);
          expect(url.origin).toBe('https://api.capsulecrm.com');
          expect(url.pathname === '/api/v2' || url.pathname.startsWith('/api/v2/')).toBe(true);
        }
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
