/**
 * The outbound address policy: where Plugboard may send a request it makes on someone's behalf
 * (provider API calls, token and revocation endpoints, Http steps, event endpoints). A URL is checked
 * here before anything is sent; the dispatcher in `outbound-dispatcher.ts` checks again after DNS
 * resolution, on the address it actually connects to, for every connection (every redirect hop too).
 */
import { isIP } from 'node:net';
import { type AddressClass, classifyAddress } from './address-ranges.ts';

/** What may be reached. */
export interface OutboundPolicy {
  /**
   * Loopback, private, link-local, unspecified and reserved addresses may be reached. True by
   * default only while the service domain is loopback (development and the sandbox).
   */
  readonly allowPrivate: boolean;
  /** When set, only these hosts may be reached: `host`, `host:port` or `*.example.com[:port]`. */
  readonly allowedHosts?: readonly string[] | undefined;
}

/** The verdict on one URL or address: fine, or refused with a reason written for the partner. */
export type OutboundCheck =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly reason: string };

const HOW_TO_ALLOW = 'set AllowPrivateAddresses to true in the settings to allow it';

const DESCRIPTION: Record<AddressClass, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  unspecified: 'an unspecified address',
  reserved: 'a reserved (non-public) address',
};

/** A host name without brackets, lower-case, without the trailing dot of a fully qualified name. */
export function normaliseHostname(hostname: string): string {
  const lower = hostname.toLowerCase();
  const bare = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  return bare.endsWith('.') ? bare.slice(0, -1) : bare;
}

/** Refuses an address that is not public, unless the policy allows private addresses. */
export function checkAddress(address: string, policy: OutboundPolicy): string | null {
  if (policy.allowPrivate) return null;
  const kind = classifyAddress(address);
  return kind ? `${address} is ${DESCRIPTION[kind]}; ${HOW_TO_ALLOW}` : null;
}

/**
 * Checks a host by name before any DNS lookup: the allowed-host list, `localhost` and `*.localhost`
 * (always loopback, RFC 6761), and IP literals. Names are checked again once resolved.
 */
export function checkHost(hostname: string, port: number, policy: OutboundPolicy): string | null {
  const host = normaliseHostname(hostname);
  if (host === '') return 'the URL has no host';
  if (policy.allowedHosts !== undefined && !policy.allowedHosts.some((p) => hostMatches(host, port, p))) {
    return `${host}:${port} is not in the settings' AllowedOutboundHosts`;
  }
  if (isIP(host) !== 0) return checkAddress(host, policy);
  if ((host === 'localhost' || host.endsWith('.localhost')) && !policy.allowPrivate) {
    return `${host} is a loopback name; ${HOW_TO_ALLOW}`;
  }
  return null;
}

/** The port a URL connects to (its own, or its scheme's default). */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Checks a URL before a request is made to it: http or https, no user name or password, and a host
 * the policy allows. The WHATWG parser has already turned `127.1`, `2130706433` and `0x7f.1` into
 * `127.0.0.1`, so every spelling of an address is judged as the address it is.
 */
export function checkOutboundUrl(target: string | URL, policy: OutboundPolicy): OutboundCheck {
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    return { ok: false, reason: 'it is not an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'it must use http or https' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'it must not contain a user name or password' };
  }
  const refused = checkHost(url.hostname, effectivePort(url), policy);
  return refused ? { ok: false, reason: refused } : { ok: true, url };
}

/** Does `host` (normalised) on `port` match one `AllowedOutboundHosts` entry (normalised by `parseAllowedHost`)? */
export function hostMatches(host: string, port: number, pattern: string): boolean {
  const parsed = splitHostPort(pattern);
  if (!parsed) return false;
  if (parsed.port !== null && parsed.port !== port) return false;
  if (parsed.host.startsWith('*.')) {
    const suffix = parsed.host.slice(1);
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return host === parsed.host;
}

function splitHostPort(text: string): { host: string; port: number | null } | null {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match?.[1]) return null;
  return { host: normaliseHostname(match[1]), port: match[2] === undefined ? null : Number(match[2]) };
}

/**
 * Parses one `AllowedOutboundHosts` entry: `host`, `host:port`, or `*.example.com` (with an optional
 * port). Returns its normal form (lower-case, IDN as punycode, IPv4 in dotted form) or the problem.
 */
export function parseAllowedHost(text: string): { ok: true; value: string } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const wildcard = trimmed.startsWith('*.');
  const rest = wildcard ? trimmed.slice(2) : trimmed;
  if (rest === '' || /[/?#@\s*\\]/.test(rest)) {
    return {
      ok: false,
      reason: 'must be host, host:port or *.example.com (no scheme, path or wildcard inside)',
    };
  }
  let url: URL;
  try {
    url = new URL(`http://${rest}`);
  } catch {
    return { ok: false, reason: 'is not a valid host' };
  }
  const portText = /:(\d+)$/.exec(rest)?.[1];
  if (portText !== undefined && (Number(portText) < 1 || Number(portText) > 65535)) {
    return { ok: false, reason: 'has a port outside 1–65535' };
  }
  if (wildcard && (isIP(normaliseHostname(url.hostname)) !== 0 || !url.hostname.includes('.'))) {
    return {
      ok: false,
      reason: 'a wildcard must cover a domain with at least two labels, e.g. *.example.com',
    };
  }
  const host = `${wildcard ? '*.' : ''}${url.hostname}`;
  return { ok: true, value: portText === undefined ? host : `${host}:${Number(portText)}` };
}
