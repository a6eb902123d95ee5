/**
 * An undici dispatcher that enforces the outbound address policy at connect time. The host name is
 * resolved here, every address it resolves to is checked, and the socket is opened to the checked
 * address itself (TLS still verifies the certificate against the name), so a DNS answer that changes
 * between the check and the connection (DNS rebinding) cannot reach an address the policy refuses.
 * Every connection goes through this, so a redirect hop that someone chose to follow is checked too.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import { Agent, buildConnector, type Dispatcher, fetch as undiciFetch } from 'undici';
import { checkAddress, checkHost, normaliseHostname, type OutboundPolicy } from './address-policy.ts';
import { wholeBodyFetch } from './whole-body-fetch.ts';

/** Thrown (as the connection error) when the policy refuses a host or the address it resolved to. */
export class OutboundAddressRefusedError extends Error {
  override readonly name = 'OutboundAddressRefusedError';
  /** The code the HTTP client's error classification looks for. */
  readonly code = 'PLUGBOARD_OUTBOUND_REFUSED';
}

/** Resolves a host name to every address it has (injectable: tests rebind names at will). */
export type Resolve = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface OutboundDispatcherOptions {
  /** The policy in force, read for every new connection (settings can change while running). */
  readonly policy: () => OutboundPolicy | Promise<OutboundPolicy>;
  readonly resolve?: Resolve;
  /** Longest wait for a connection, in milliseconds. */
  readonly connectTimeoutMs?: number;
}

type ConnectOptions = Parameters<buildConnector.connector>[0];
type ConnectCallback = Parameters<buildConnector.connector>[1];

/** Decides which address to connect to, or throws `OutboundAddressRefusedError`. */
async function pickAddress(
  options: ConnectOptions,
  policy: OutboundPolicy,
  resolve: Resolve,
): Promise<string> {
  const host = normaliseHostname(options.hostname);
  const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
  const refusedHost = checkHost(host, port, policy);
  if (refusedHost) throw new OutboundAddressRefusedError(`Refused to connect: ${refusedHost}.`);
  if (isIP(host) !== 0) return host;
  const addresses = await resolve(host);
  // Every address must pass, not just the first: otherwise a name with one public and one private
  // record would be judged by whichever the resolver happened to list first.
  for (const { address } of addresses) {
    const refused = checkAddress(address, policy);
    if (refused) throw new OutboundAddressRefusedError(`Refused to connect: ${host} resolves to ${refused}.`);
  }
  const first = addresses[0];
  if (!first) throw Object.assign(new Error(`${host} did not resolve`), { code: 'ENOTFOUND' });
  return first.address;
}

/** An undici `Agent` whose every connection obeys `options.policy`. */
export function createOutboundDispatcher(options: OutboundDispatcherOptions): Agent {
  const resolve = options.resolve ?? systemResolve;
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  const base = buildConnector({ timeout: connectTimeout });
  const connect = (connectOptions: ConnectOptions, callback: ConnectCallback): void => {
    void (async () => {
      const policy = await options.policy();
      const address = await pickAddress(connectOptions, policy, resolve);
      const host = normaliseHostname(connectOptions.hostname);
      const servername = connectOptions.servername ?? (isIP(host) === 0 ? host : undefined);
      base(
        { ...connectOptions, hostname: address, ...(servername ? { servername } : {}) },
        (error, socket) => {
          if (error || !socket) return callback(error ?? new Error('no socket'), null);
          // Belt and braces: the peer must be the address that was checked.
          const peer = (socket as Socket).remoteAddress;
          const refused = peer ? checkAddress(peer, policy) : null;
          if (refused) {
            socket.destroy();
            return callback(new OutboundAddressRefusedError(`Refused to connect: ${refused}.`), null);
          }
          callback(null, socket);
        },
      );
    })().catch((error: Error) => callback(error, null));
  };
  return new Agent({ connect });
}

/**
 * Outbound connections under a policy that can change while Plugboard runs (the settings). Each
 * distinct policy gets its own connection pool, so a keep-alive connection opened while private
 * addresses were allowed is never reused once they are not.
 */
export interface Outbound {
  /** The dispatcher for the policy in force now. */
  dispatcher(): Promise<Dispatcher>;
  /** `fetch` (undici's own, so dispatcher and fetch come from one library) under the policy in force. */
  readonly fetch: typeof fetch;
  /** A lighter `fetch` for small bodies sent and answers read whole (`wholeBodyFetch`: token endpoints). */
  readonly wholeBodyFetch: typeof fetch;
  close(): Promise<void>;
}

/** At most this many pools are kept; the least recently used one is closed (gracefully) beyond it. */
const MAX_POOLS = 4;

/** Builds the policy-following outbound connections of one process. */
export function createOutbound(options: OutboundDispatcherOptions): Outbound {
  const pools = new Map<string, Agent>();
  // The pool of the last policy asked for: nearly every request asks for the same one as the one before.
  let last: { readonly key: string; readonly agent: Agent } | undefined;
  const dispatcher = async (): Promise<Dispatcher> => {
    const policy = await options.policy();
    const key = `${policy.allowPrivate}|${policy.allowedHosts === undefined ? '' : JSON.stringify(policy.allowedHosts)}`;
    if (last?.key === key && pools.get(key) === last.agent) return last.agent;
    let agent = pools.get(key);
    if (agent) pools.delete(key);
    else agent = createOutboundDispatcher({ ...options, policy: () => policy });
    last = { key, agent };
    pools.set(key, agent);
    for (const [oldKey, old] of pools) {
      if (pools.size <= MAX_POOLS) break;
      pools.delete(oldKey);
      void old.close();
    }
    return agent;
  };
  const outboundFetch = (async (input: string | URL, init?: RequestInit) =>
    undiciFetch(input as string, {
      ...(init as object),
      dispatcher: await dispatcher(),
    })) as unknown as typeof fetch;
  return {
    dispatcher,
    fetch: outboundFetch,
    wholeBodyFetch: wholeBodyFetch(dispatcher),
    async close() {
      await Promise.all([...pools.values()].map((agent) => agent.close()));
      pools.clear();
    },
  };
}
