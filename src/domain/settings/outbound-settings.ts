import { parseAllowedHost } from '../../runtime/outbound/address-policy.ts';
import { invalid } from '../errors.ts';

/** Settings keys of the outbound address policy. */
export const ALLOWED_OUTBOUND_HOSTS_KEY = 'allowed_outbound_hosts';
export const ALLOW_PRIVATE_ADDRESSES_KEY = 'allow_private_addresses';

const MAX_ALLOWED_OUTBOUND_HOSTS = 200;

function quote(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
    : String(value);
}

/**
 * Normalises `AllowedOutboundHosts` (`host`, `host:port`, `*.example.com`), naming every bad entry
 * and why in one 400. `null` empties the list.
 */
export function readAllowedOutboundHosts(value: unknown): string[] {
  if (value === null) return [];
  if (!Array.isArray(value)) {
    throw invalid(
      'AllowedOutboundHosts must be an array of hosts such as "api.example.com" or "*.example.com".',
    );
  }
  if (value.length > MAX_ALLOWED_OUTBOUND_HOSTS) {
    throw invalid(`AllowedOutboundHosts can hold at most ${MAX_ALLOWED_OUTBOUND_HOSTS} hosts.`);
  }
  const problems: string[] = [];
  const hosts = new Set<string>();
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'string') {
      problems.push(`${quote(entry)} is not a string`);
      continue;
    }
    const parsed = parseAllowedHost(entry);
    if (parsed.ok) hosts.add(parsed.value);
    else problems.push(`${quote(entry)} ${parsed.reason}`);
  }
  if (problems.length > 0) {
    throw invalid(`AllowedOutboundHosts must hold host, host:port or *.example.com: ${problems.join('; ')}.`);
  }
  return [...hosts];
}

/** `AllowPrivateAddresses`: true, false, or `null` for the default (true only on a loopback service domain). */
export function readAllowPrivateAddresses(value: unknown): boolean | null {
  if (value === null || typeof value === 'boolean') return value;
  throw invalid('AllowPrivateAddresses must be true, false, or null for the default.');
}
