import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SandboxStats } from './stats.ts';
import type { SandboxSwitches } from './switches.ts';

/** How the host configures a sandbox; checked once by `createCapsuleSandbox`. */
export interface CapsuleSandboxOptions {
  /** Absolute external base URL where the sandbox is mounted, e.g. 'http://localhost:3000/sandbox/capsule' (no trailing slash). Used for Location and Link headers, the issuer, and discovery. */
  baseUrl: string;
  /** Redirect URIs the seeded OAuth client accepts (exact string match), e.g. ['http://localhost:3000/connector/callback']. */
  redirectUris: string[];
  /** Injected for tests; default Date.now */
  now?: () => number;
  /** Used to deliver REST hooks; default globalThis.fetch */
  fetch?: typeof fetch;
  /** Initial switches (see below) */
  switches?: Partial<SandboxSwitches>;
  /**
   * Where to keep the control token and the OAuth grants across restarts (a JSON file); without it
   * they live in memory only.
   */
  stateFile?: string;
  /** The bearer token `/control` accepts; default: the state file's, else a new random one. */
  controlToken?: string;
  /** A second way into `/control` (the host's console admins); the control token always works. */
  authorizeControl?: (request: FastifyRequest) => boolean | Promise<boolean>;
  /**
   * Who may receive REST hook deliveries: a URL for which this answers false is refused when the hook
   * is created (422). Default: any http(s) URL on a loopback host.
   */
  allowHookTarget?: (url: URL) => boolean;
}

/** A sandbox ready to mount, with its live switches and counters. */
export interface CapsuleSandbox {
  /** Fastify plugin serving the whole sandbox; the host registers it with `{ prefix }` (e.g. '/sandbox/capsule') or at the root. */
  plugin: FastifyPluginAsync;
  /** The seeded OAuth client's credentials (client_id, client_secret) — the console offers them to the partner. */
  client: { clientId: string; clientSecret: string };
  /** Live switches (mutable) and counters that tests read, e.g. how many refresh_token grants reached the token endpoint. */
  switches: SandboxSwitches;
  stats: SandboxStats;
  /** The bearer token that opens `/control` (`Authorization: Bearer …`). */
  controlToken: string;
  /** Stops pending REST hook deliveries/timers and saves the state file. */
  close(): Promise<void>;
}

/** Checks the options once, at construction, and throws a TypeError naming the bad one. */
export function validateSandboxOptions(options: CapsuleSandboxOptions): void {
  const baseUrl = parseHttpUrl(options.baseUrl);
  if (
    baseUrl === undefined ||
    baseUrl.search !== '' ||
    baseUrl.hash !== '' ||
    options.baseUrl.endsWith('/')
  ) {
    throw new TypeError(
      'baseUrl must be an absolute http(s) URL without a trailing slash, query or fragment',
    );
  }
  if (!Array.isArray(options.redirectUris) || options.redirectUris.length === 0) {
    throw new TypeError('redirectUris must list at least one redirect URI');
  }
  for (const uri of options.redirectUris) {
    const parsed = parseHttpUrl(uri);
    if (parsed === undefined || parsed.hash !== '') {
      throw new TypeError(
        `redirectUris: ${JSON.stringify(uri)} is not an absolute http(s) URL without a fragment`,
      );
    }
  }
}

function parseHttpUrl(text: unknown): URL | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
