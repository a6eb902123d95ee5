import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOutboundUrl, hostMatches, parseAllowedHost } from './address-policy.ts';
import { classifyAddress } from './address-ranges.ts';

const strict = { allowPrivate: false };

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00::1', 'private'],
    ['fc00::1', 'private'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '93.184.216.34',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });
});

describe('checkOutboundUrl', () => {
  it.each([
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://[::1]:8080/',
    'http://[::ffff:127.0.0.1]/',
    'http://169.254.169.254/latest/meta-data',
    'http://foo.localhost/',
    'http://LOCALHOST./',
    'https://10.0.0.7/api',
    'http://0/',
  ])('refuses %s unless private addresses are allowed', (url) => {
    const refused = checkOutboundUrl(url, strict);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.reason).toMatch(/AllowPrivateAddresses/);
    expect(checkOutboundUrl(url, { allowPrivate: true }).ok).toBe(true);
  });

  it('refuses other schemes and credentials whatever the policy', () => {
    expect(checkOutboundUrl('file:///etc/passwd', { allowPrivate: true }).ok).toBe(false);
    expect(checkOutboundUrl('ftp://example.com/', { allowPrivate: true }).ok).toBe(false);
    expect(checkOutboundUrl('https://user:pw@example.com/', { allowPrivate: true }).ok).toBe(false);
    expect(checkOutboundUrl('not a url', { allowPrivate: true }).ok).toBe(false);
  });

  it('accepts a public host', () => {
    expect(checkOutboundUrl('https://api.capsulecrm.com/api/v2', strict).ok).toBe(true);
  });

  it('refuses every spelling of a 127/8 address (generated)', () => {
    const spellings = fc
      .tuple(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
      )
      .chain(([b, c, d]) => {
        const n = (127 * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d) >>> 0;
        return fc.constantFrom(
          `127.${b}.${c}.${d}`,
          String(n),
          `0x${n.toString(16)}`,
          `0177.${b}.${c}.${d}`,
          `127.${b * 65536 + c * 256 + d}`,
          `[::ffff:127.${b}.${c}.${d}]`,
          `[::ffff:${(0x7f00 + b).toString(16)}:${(c * 256 + d).toString(16)}]`,
        );
      });
    fc.assert(
      fc.property(spellings, (host) => {
        expect(checkOutboundUrl(`http://${host}:8080/x`, strict).ok).toBe(false);
      }),
      { seed: 16, numRuns: 300 },
    );
  });

  it('limits hosts to AllowedOutboundHosts when the policy has a list', () => {
    const policy = { allowPrivate: false, allowedHosts: ['api.example.com', '*.hooks.example.com:8443'] };
    expect(checkOutboundUrl('https://api.example.com/x', policy).ok).toBe(true);
    expect(checkOutboundUrl('https://api.example.com:444/x', policy).ok).toBe(true);
    expect(checkOutboundUrl('https://a.hooks.example.com:8443/x', policy).ok).toBe(true);
    expect(checkOutboundUrl('https://a.hooks.example.com/x', policy).ok).toBe(false);
    expect(checkOutboundUrl('https://hooks.example.com:8443/x', policy).ok).toBe(false);
    expect(checkOutboundUrl('https://evil.example.net/x', policy).ok).toBe(false);
  });

  it('refuses a private address even when it is in AllowedOutboundHosts', () => {
    const policy = { allowPrivate: false, allowedHosts: ['127.0.0.1'] };
    expect(checkOutboundUrl('http://127.0.0.1/', policy).ok).toBe(false);
  });
});

describe('parseAllowedHost', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com:8080', 'example.com:8080'],
    ['*.Example.com', '*.example.com'],
    ['*.example.com:443', '*.example.com:443'],
    ['127.1', '127.0.0.1'],
    ['[::1]:80', '[::1]:80'],
    ['bücher.example', 'xn--bcher-kva.example'],
  ])('normalises %s to %s', (input, expected) => {
    expect(parseAllowedHost(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '',
    '*',
    '*.com',
    'https://example.com',
    'example.com/path',
    'a*.example.com',
    'example.com:0',
    'example.com:70000',
    'u@example.com',
    '*.10.0.0.1',
  ])('refuses %j', (input) => {
    expect(parseAllowedHost(input).ok).toBe(false);
  });

  it('matches wildcards below the domain only', () => {
    expect(hostMatches('a.example.com', 443, '*.example.com')).toBe(true);
    expect(hostMatches('a.b.example.com', 443, '*.example.com')).toBe(true);
    expect(hostMatches('example.com', 443, '*.example.com')).toBe(false);
    expect(hostMatches('badexample.com', 443, '*.example.com')).toBe(false);
  });
});
