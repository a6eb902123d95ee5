import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, parseTargetOrigin } from './target-origin.ts';

const ALLOWED = ['https://partner.example', 'http://localhost:5173'];

describe('parseTargetOrigin', () => {
  it('accepts an origin and a URL to redirect to', () => {
    expect(parseTargetOrigin('https://partner.example')).toEqual({
      origin: 'https://partner.example',
      url: null,
    });
    expect(parseTargetOrigin('https://partner.example/')).toEqual({
      origin: 'https://partner.example',
      url: null,
    });
    expect(parseTargetOrigin('https://partner.example/integrations?done=1')).toEqual({
      origin: 'https://partner.example',
      url: 'https://partner.example/integrations?done=1',
    });
    expect(parseTargetOrigin('HTTPS://PARTNER.EXAMPLE:443')?.origin).toBe('https://partner.example');
  });

  it.each([
    'javascript:alert(1)',
    '//evil.example',
    '/relative',
    'https://partner.example@evil.example',
    'https://user:pw@partner.example',
    'https:\\\\evil.example',
    'https://partner.example\\@evil.example',
    ' https://partner.example',
    'data:text/html,x',
    'ftp://partner.example',
    'https://',
    'https://partner.example\n.evil',
  ])('refuses %j', (value) => {
    expect(parseTargetOrigin(value)).toBeNull();
  });
});

describe('isAllowedOrigin', () => {
  it('matches only the exact origin: no prefix, suffix, scheme or port tricks', () => {
    const origin = (text: string) => parseTargetOrigin(text)?.origin ?? '';
    expect(isAllowedOrigin(origin('https://partner.example/x'), ALLOWED)).toBe(true);
    expect(isAllowedOrigin(origin('http://localhost:5173'), ALLOWED)).toBe(true);
    for (const hostile of [
      'https://partner.example.evil.example',
      'https://evilpartner.example',
      'https://sub.partner.example',
      'http://partner.example',
      'https://partner.example:8443',
      'http://localhost:5174',
      'https://partner.exampl',
    ]) {
      expect(isAllowedOrigin(origin(hostile), ALLOWED), hostile).toBe(false);
    }
  });
});
