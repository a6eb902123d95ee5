import { describe, expect, it } from 'vitest';
import { forwardableRequestHeaders, headerValue, safeResponseHeaders } from './http-headers.ts';

describe('safeResponseHeaders', () => {
  it('drops hop-by-hop headers, those the Connection header names, cookies and authorization', () => {
    const safe = safeResponseHeaders({
      'content-type': 'application/json',
      'x-ratelimit-remaining': '12',
      connection: 'keep-alive, x-hop',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'x-hop': 'secret-ish',
      'set-cookie': ['session=abc'],
      authorization: 'Bearer leaked',
      location: 'https://api.example.com/api/v2/parties/1',
    });
    expect(safe).toEqual({
      'content-type': 'application/json',
      'x-ratelimit-remaining': '12',
      location: 'https://api.example.com/api/v2/parties/1',
    });
  });
});

describe('forwardableRequestHeaders', () => {
  it("forwards content headers and drops the partner's credentials and routing headers", () => {
    const forwarded = forwardableRequestHeaders({
      Authorization: 'Bearer plugboard-partner-token',
      cookie: 'pb=1',
      host: 'plugboard.example',
      'x-cyclr-account': 'acc-1',
      'Content-Type': 'application/json',
      accept: ['application/json', 'text/plain'],
      'x-attachment-filename': 'a.pdf',
    });
    expect(forwarded).toEqual({
      'content-type': 'application/json',
      accept: 'application/json, text/plain',
      'x-attachment-filename': 'a.pdf',
    });
  });
});

describe('headerValue', () => {
  it('finds a header whatever the case of the name asked for, joining repeats', () => {
    expect(headerValue({ 'x-ratelimit-reset': '1' }, 'X-RateLimit-Reset')).toBe('1');
    expect(headerValue({ link: ['<a>', '<b>'] }, 'Link')).toBe('<a>, <b>');
  });
});
