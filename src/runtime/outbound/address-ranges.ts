/**
 * Which IP addresses are not on the public internet: loopback, private, link-local, unspecified,
 * shared (CGNAT), multicast, documentation and reserved ranges, for IPv4 and IPv6, including IPv6
 * forms that carry an IPv4 address inside (mapped `::ffff:127.0.0.1`, NAT64, 6to4, IPv4-compatible).
 * Addresses are compared as bytes, so no spelling of an address slips past a string match.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is not public; `null` from `classifyAddress` means it is public. */
export type AddressClass = 'loopback' | 'private' | 'link-local' | 'unspecified' | 'reserved';

interface Range {
  readonly bytes: readonly number[];
  readonly prefix: number;
  readonly kind: AddressClass;
}

const v4 = (text: string, prefix: number, kind: AddressClass): Range => ({
  bytes: text.split('.').map(Number),
  prefix,
  kind,
});

const IPV4_RANGES: readonly Range[] = [
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'private'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'reserved'),
  v4('192.88.99.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'),
  v4('198.51.100.0', 24, 'reserved'),
  v4('203.0.113.0', 24, 'reserved'),
  v4('224.0.0.0', 4, 'reserved'),
  v4('240.0.0.0', 4, 'reserved'),
];

const v6 = (hextets: readonly number[], prefix: number, kind: AddressClass): Range => ({
  bytes: hextets.flatMap((h) => [h >> 8, h & 0xff]),
  prefix,
  kind,
});

const IPV6_RANGES: readonly Range[] = [
  v6([0xfc00], 7, 'private'),
  v6([0xfe80], 10, 'link-local'),
  v6([0xfec0], 10, 'private'),
  v6([0xff00], 8, 'reserved'),
  v6([0x2001, 0x0db8], 32, 'reserved'),
  v6([0x2001, 0x0000], 32, 'reserved'),
  v6([0x0100, 0, 0, 0], 64, 'reserved'),
];

function inRange(bytes: readonly number[], range: Range): boolean {
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function classifyV4(bytes: readonly number[]): AddressClass | null {
  if (bytes.every((b) => b === 255)) return 'reserved';
  return IPV4_RANGES.find((range) => inRange(bytes, range))?.kind ?? null;
}

/** The 16 bytes of a valid IPv6 address (`node:net` has already said it is one). */
function ipv6Bytes(text: string): number[] {
  let address = (text.split('%')[0] ?? '').toLowerCase();
  // A dotted IPv4 tail (`::ffff:127.0.0.1`) becomes two hextets first.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    address = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16)));
  const [head = '', tail] = address.split('::');
  const hextets =
    tail === undefined
      ? parse(head)
      : [...parse(head), ...new Array(8 - parse(head).length - parse(tail).length).fill(0), ...parse(tail)];
  return hextets.flatMap((h) => [h >> 8, h & 0xff]);
}

function classifyV6(bytes: readonly number[]): AddressClass | null {
  const zeroUpTo = (n: number) => bytes.slice(0, n).every((b) => b === 0);
  if (zeroUpTo(16)) return 'unspecified';
  if (zeroUpTo(15) && bytes[15] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated): the IPv4 address decides.
  if (zeroUpTo(10) && bytes[10] === 0xff && bytes[11] === 0xff) return classifyV4(bytes.slice(12));
  if (zeroUpTo(12)) return classifyV4(bytes.slice(12)) ?? 'reserved';
  // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) reach the embedded IPv4 address.
  const nat64 = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
  if (nat64.every((b, i) => bytes[i] === b)) return classifyV4(bytes.slice(12));
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyV4(bytes.slice(2, 6));
  return IPV6_RANGES.find((range) => inRange(bytes, range))?.kind ?? null;
}

/**
 * Why `address` (an IPv4 or IPv6 literal, brackets allowed) is not a public internet address, or
 * `null` when it is. Anything that is not an IP literal at all counts as `reserved`.
 */
export function classifyAddress(address: string): AddressClass | null {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIPv4(text)) return classifyV4(text.split('.').map(Number));
  if (isIPv6(text)) return classifyV6(ipv6Bytes(text));
  return 'reserved';
}
