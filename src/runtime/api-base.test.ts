import { describe, expect, it } from 'vitest';
import { ApiBaseError, isUnderApiBase, parseApiBase } from './api-base.ts';

describe('parseApiBase', () => {
  it('keeps the origin and the path without a trailing slash', () => {
    expect(parseApiBase('https://API.capsulecrm.com/api/v2/')).toEqual({
      origin: 'https://api.capsulecrm.com',
      path: '/api/v2',
    });
    expect(parseApiBase('http://127.0.0.1:8080')).toEqual({ origin: 'http://127.0.0.1:8080', path: '' });
  });

  it.each([
    ['not a url'],
    ['ftp://files.example/api'],
    ['https://user:pw@api.example.com/api'],
    ['https://api.example.com/api?x=1'],
    ['https://api.example.com/api#x'],
  ])('refuses %j', (url) => {
    expect(() => parseApiBase(url)).toThrow(ApiBaseError);
  });
});

describe('isUnderApiBase', () => {
  const base = parseApiBase('https://api.example.com/api/v2');

  it('accepts the base and anything beneath it', () => {
    expect(isUnderApiBase('https://api.example.com/api/v2', base)).toBe(true);
    expect(isUnderApiBase('https://api.example.com/api/v2/parties?page=2', base)).toBe(true);
  });

  it.each([
    ['https://api.example.com/api/v2x', 'a sibling path sharing the prefix'],
    ['https://api.example.com/api/v2/../../oauth/token', 'dot segments climbing out'],
    ['http://api.example.com/api/v2/parties', 'another scheme'],
    ['https://api.example.com:444/api/v2/parties', 'another port'],
    ['https://api.example.com.evil.example/api/v2', 'a longer host'],
    ['https://u@api.example.com/api/v2', 'credentials'],
    ['not a url', 'garbage'],
  ])('refuses %s (%s)', (url) => {
    expect(isUnderApiBase(url, base)).toBe(false);
  });
});
