import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Loopback, private, link-local, unique-local, CGNAT and unspecified ranges. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

/** True for an address outside the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    return mapped ? PRIVATE.check(mapped, 'ipv4') : PRIVATE.check(address, 'ipv6');
  }
  return false;
}

/**
 * Refuses URLs whose host is, or resolves to, a private or loopback address unless `allowPrivate()`
 * says the partner allowed them. The name is resolved here and again when connecting, so this is a
 * policy check, not a defence against a resolver that answers differently twice.
 */
export function privateAddressCheck(allowPrivate: () => Promise<boolean>) {
  return async (url: URL): Promise<string | null> => {
    if (await allowPrivate()) return null;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return null; // Unresolvable: the request itself fails as a network error and is retried.
    }
    return addresses.some(isPrivateAddress)
      ? `${url.host} is a private or loopback address, and the settings do not allow private addresses.`
      : null;
  };
}
