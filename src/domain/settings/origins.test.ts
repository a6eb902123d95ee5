import { describe, expect, it } from 'vitest';
import { normaliseOrigin, parseOrigin } from './origins.ts';

describe('normaliseOrigin', () => {
  it('lower-cases scheme and host, drops the default port and one trailing slash', () => {
    expect(normaliseOrigin('HTTPS://App.Example.COM')).toBe('https://app.example.com');
    expect(normaliseOrigin('https://app.example.com:443/')).toBe('https://app.example.com');
    expect(normaliseOrigin('https://app.example.com:8443')).toBe('https://app.example.com:8443');
    expect(normaliseOrigin('http://localhost:80')).toBe('http://localhost');
    expect(normaliseOrigin('https://bücher.example')).toBe('https://xn--bcher-kva.example');
  });

  it('allows plain http only for loopback hosts', () => {
    expect(normaliseOrigin('http://localhost:5173')).toBe('http://localhost:5173');
    expect(normaliseOrigin('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(normaliseOrigin('http://127.45.6.7')).toBe('http://127.45.6.7');
    expect(normaliseOrigin('http://[::1]:8080')).toBe('http://[::1]:8080');
    expect(normaliseOrigin('http://app.example.com')).toBeNull();
    expect(normaliseOrigin('http://localhost.example.com')).toBeNull();
    expect(normaliseOrigin('http://128.0.0.1')).toBeNull();
  });

  it('refuses anything that is not exactly an origin, saying why', () => {
    const cases: [string, string][] = [
      ['https://app.example.com/path', 'must not have a path'],
      ['https://app.example.com//', 'must not have a path'],
      ['https://app.example.com?x=1', 'must not have a query'],
      ['https://app.example.com/?', 'must not have a query'],
      ['https://app.example.com#top', 'must not have a fragment'],
      ['https://user:pw@app.example.com', 'must not contain a user name or password'],
      ['https://*.example.com', 'must not contain a wildcard'],
      ['*', 'must start with https:// (or http:// for localhost)'],
      ['app.example.com', 'must start with https:// (or http:// for localhost)'],
      ['ftp://app.example.com', 'must use https (or http for localhost)'],
      ['javascript://alert(1)', 'must use https (or http for localhost)'],
      [' https://app.example.com', 'contains spaces or control characters'],
      ['https://app.example.com:99999', 'is not a valid origin'],
      ['https://', 'is not a valid origin'],
      ['https:\\\\app.example.com', 'must start with https:// (or http:// for localhost)'],
      ['', 'is empty'],
    ];
    for (const [text, reason] of cases) {
      expect(parseOrigin(text), text).toEqual({ ok: false, reason });
      expect(normaliseOrigin(text), text).toBeNull();
    }
  });

  it('gives the same string for two spellings of one origin, so matching is exact string equality', () => {
    expect(normaliseOrigin('https://APP.example.com:443')).toBe(normaliseOrigin('https://app.example.com/'));
    expect(normaliseOrigin('https://app.example.com')).not.toBe(
      normaliseOrigin('https://app.example.com:444'),
    );
  });
});
