import { afterAll, beforeAll, describe } from 'vitest';
import type { Clock } from '../../src/domain/clock.ts';
import { type TestDatabase, testDatabaseKinds } from './test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from './test-plugboard.ts';

/** A response read the same way whether it came from `inject` or from a real socket. */
export interface ApiResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  json(): any;
}

export interface CallOptions {
  /** Bearer token; `undefined` uses the harness's partner-wide token, `null` sends no Authorization. */
  readonly token?: string | null;
  /** Sent as `X-Cyclr-Account`. */
  readonly account?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as it is (set its content type in `headers`), e.g. a form body. */
  readonly rawBody?: string;
  /** Over HTTP, give up on an answer after this long (the call then fails). */
  readonly timeoutMs?: number;
}

export type ApiCall = (method: string, url: string, options?: CallOptions) => Promise<ApiResponse>;

export type Transport = 'in-process' | 'HTTP';
export const TRANSPORTS: readonly Transport[] = ['in-process', 'HTTP'];

function requestHeaders(options: CallOptions, defaultToken: string | null): Record<string, string> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? defaultToken : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.account !== undefined) headers['x-cyclr-account'] = options.account;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return { ...headers, ...options.headers };
}

function response(status: number, headers: Record<string, string>, text: string): ApiResponse {
  return { status, headers, text, json: () => JSON.parse(text) };
}

/**
 * Where a call goes: an in-process app (`inject`), or a base URL reached with `fetch` (a Plugboard
 * listening on a port, or the Capsule sandbox). Tests send their requests through {@link sendCall}
 * rather than their own `fetch` wrappers, so every call is made and read the same way.
 */
export type CallTarget = { readonly app: TestPlugboard } | { readonly baseUrl: string };

/** Sends one request and reads the answer the same way for both kinds of target. */
export async function sendCall(
  target: CallTarget,
  method: string,
  url: string,
  options: CallOptions,
  defaultToken: string | null,
): Promise<ApiResponse> {
  const headers = requestHeaders(options, defaultToken);
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if ('app' in target) {
    const reply = await target.app.server.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.headers)) {
      if (value !== undefined)
        flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return response(reply.statusCode, flat, reply.body);
  }
  const reply = await fetch(`${target.baseUrl}${url}`, {
    method,
    headers,
    ...(payload === undefined ? {} : { body: payload }),
    ...(options.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(options.timeoutMs) }),
  });
  const flat: Record<string, string> = {};
  reply.headers.forEach((value, name) => {
    flat[name] = value;
  });
  return response(reply.status, flat, await reply.text());
}

/** The base URL of an app listening on 127.0.0.1 (see {@link listen}). */
export function listeningUrl(app: TestPlugboard): string {
  const address = app.server.server.address();
  if (!address || typeof address === 'string') throw new Error('the server is not listening');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * A caller for `app` over `transport`: `server.inject` in-process, or `fetch` to the server listening on
 * 127.0.0.1 (the caller must have made it listen; see {@link listen}).
 */
export function apiCaller(
  app: TestPlugboard,
  transport: Transport,
  defaultToken: () => string | null = () => null,
): ApiCall {
  return (method, url, options = {}) =>
    sendCall(
      transport === 'in-process' ? { app } : { baseUrl: listeningUrl(app) },
      method,
      url,
      options,
      defaultToken(),
    );
}

/** Makes the app listen on a free port of 127.0.0.1. */
export async function listen(app: TestPlugboard): Promise<void> {
  await app.server.listen({ port: 0, host: '127.0.0.1' });
}

/** A partner API client and a partner-wide access token for it. */
export interface PartnerCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly token: string;
}

/** Creates an API client and gets a token at `POST /oauth/token`, restricted to `account` when given. */
export async function partnerCredentials(
  app: TestPlugboard,
  name = 'Partner backend',
): Promise<PartnerCredentials> {
  const client = await app.services.apiClients.create(name);
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    token: await accessToken(app, client.clientId, client.clientSecret),
  };
}

/** A fresh access token of an existing client, restricted to `account` when given. */
export async function accessToken(
  app: TestPlugboard,
  clientId: string,
  clientSecret: string,
  account?: string,
): Promise<string> {
  const grant = await app.services.apiTokens.grant({
    grantType: 'client_credentials',
    clientId,
    clientSecret,
    scope: account === undefined ? undefined : `account:${account}`,
  });
  if (!grant.ok) throw new Error(`no token: ${grant.description}`);
  return grant.accessToken;
}

export interface ApiHarness {
  readonly app: TestPlugboard;
  readonly database: TestDatabase;
  readonly transport: Transport;
  readonly partner: PartnerCredentials;
  /** Calls the API with the partner-wide token unless told otherwise. */
  readonly call: ApiCall;
  /** A token of the same client restricted to `account`. */
  tokenFor(account: string): Promise<string>;
}

export interface HarnessOptions {
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  /** See `TestPlugboardOptions.allowPrivateAddresses`. */
  readonly allowPrivateAddresses?: boolean | null;
}

/**
 * Runs `suite` once per test database (SQLite always, PostgreSQL when configured) and per transport
 * (in-process `inject` and real HTTP), each against its own fresh Plugboard and database.
 */
export function describeApi(
  title: string,
  suite: (harness: () => ApiHarness) => void,
  options: HarnessOptions = {},
): void {
  for (const kind of testDatabaseKinds()) {
    for (const transport of TRANSPORTS) {
      describe(`${title} [${kind.kind}, ${transport}]`, () => {
        let harness: ApiHarness | undefined;
        let database: TestDatabase | undefined;
        beforeAll(async () => {
          database = await kind.create();
          const app = await startTestPlugboard(database, {
            ...(options.env ? { env: options.env } : {}),
            ...(options.clock ? { clock: options.clock } : {}),
            ...(options.allowPrivateAddresses !== undefined
              ? { allowPrivateAddresses: options.allowPrivateAddresses }
              : {}),
          });
          if (transport === 'HTTP') await listen(app);
          const partner = await partnerCredentials(app);
          harness = {
            app,
            database: database,
            transport,
            partner,
            call: apiCaller(app, transport, () => partner.token),
            tokenFor: (account) => accessToken(app, partner.clientId, partner.clientSecret, account),
          };
        });
        afterAll(async () => {
          await harness?.app.close();
          await database?.drop();
        });
        suite(() => {
          if (!harness) throw new Error('the harness is not ready');
          return harness;
        });
      });
    }
  }
}
