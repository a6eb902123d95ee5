import { createHash } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildSandboxServer, type CapsuleSandbox, type CapsuleSandboxOptions } from '../index.ts';

/** Where the test server mounts the sandbox, and the base URL it is told about. */
export const PREFIX = '/sandbox/capsule';
export const BASE_URL = `http://localhost:3000${PREFIX}`;
export const REDIRECT_URI = 'http://localhost:3000/connector/callback';

/** 10 March 2026, 12:34:56 UTC: a fixed "now" so expiry and rate-limit windows are predictable. */
export const START_TIME = Date.UTC(2026, 2, 10, 12, 34, 56);

/** A sandbox on an in-process server with a clock the test moves by hand. */
export interface Harness {
  server: FastifyInstance;
  sandbox: CapsuleSandbox;
  clock: { now: number };
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Runs the consent flow and returns the code from the redirect. */
  authorise(params?: Record<string, string>): Promise<string>;
  /** Consent plus code exchange: a fresh token response. */
  signIn(params?: Record<string, string>): Promise<TokenBody>;
  /** An API call below `/api/v2` with a bearer token. */
  api(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    path: string,
    token: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
  subdomain: string;
}

export async function startHarness(options: Partial<CapsuleSandboxOptions> = {}): Promise<Harness> {
  const clock = { now: START_TIME };
  const { server, sandbox } = await buildSandboxServer({
    baseUrl: BASE_URL,
    redirectUris: [REDIRECT_URI],
    now: () => clock.now,
    prefix: PREFIX,
    // Hooks here go to receivers the tests stand up (or to an injected fetch) under any name.
    allowHookTarget: () => true,
    ...options,
  });
  const inject = (injectOptions: InjectOptions) => server.inject(injectOptions);
  const harness: Harness = {
    server,
    sandbox,
    clock,
    inject,
    authorise: async (params = {}) => {
      const page = await inject({ url: authoriseUrl(sandbox, params) });
      const consentId = consentIdOf(page.body);
      const decision = await inject({
        method: 'POST',
        url: `${PREFIX}/oauth/authorise`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ consent_id: consentId, decision: 'allow' }).toString(),
      });
      const code = new URL(String(decision.headers.location)).searchParams.get('code');
      if (code === null) {
        throw new Error(
          `No code in the redirect: ${decision.statusCode} ${String(decision.headers.location)}`,
        );
      }
      return code;
    },
    signIn: async (params = {}) => {
      const code = await harness.authorise(params);
      const response = await inject({
        method: 'POST',
        url: `${PREFIX}/oauth/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          client_id: sandbox.client.clientId,
          client_secret: sandbox.client.clientSecret,
          ...(params.code_verifier === undefined ? {} : { code_verifier: params.code_verifier }),
        }).toString(),
      });
      if (response.statusCode !== 200) {
        throw new Error(`Token exchange failed: ${response.statusCode} ${response.body}`);
      }
      return response.json<TokenBody>();
    },
    api: (method, path, token, payload) =>
      inject({
        method,
        url: `${PREFIX}/api/v2${path}`,
        headers: { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      }),
    close: () => server.close(),
  };
  return harness;
}

/** `/oauth/authorise` for the seeded client with sensible defaults; `params` override or add. */
export function authoriseUrl(sandbox: CapsuleSandbox, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: sandbox.client.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'read write',
    state: 'state-123',
    ...params,
  });
  for (const [name, value] of Object.entries(params)) {
    if (value === '') {
      query.delete(name);
    }
  }
  return `${PREFIX}/oauth/authorise?${query.toString()}`;
}

/** The hidden consent id of a consent page. */
export function consentIdOf(html: string): string {
  const match = /name="consent_id" value="([^"]+)"/.exec(html);
  if (match?.[1] === undefined) {
    throw new Error(`Not a consent page: ${html.slice(0, 200)}`);
  }
  return match[1];
}

/** An RFC 7636 S256 challenge for a verifier. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Parses an RFC 8288 Link header into rel → URL. */
export function linksOf(header: unknown): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of String(header ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) {
      links[match[2]] = match[1];
    }
  }
  return links;
}
