import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorDefinition } from '../../src/connectors/connector-definition.ts';
import { hashToken } from '../../src/crypto/tokens.ts';
import { readNewAccount } from '../../src/partner-api/accounts/account-body.ts';
import type { RouteAccess } from '../../src/partner-api/auth/route-access.ts';
import {
  type ApiCall,
  type ApiResponse,
  accessToken,
  apiCaller,
  listen,
  type PartnerCredentials,
  partnerCredentials,
  TRANSPORTS,
} from './api-harness.ts';
import { type TestDatabase, testDatabaseKinds } from './test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from './test-plugboard.ts';

/** What a route's `url` and `body` builders get to set up the resources they point at. */
export interface IsolationKit {
  readonly app: TestPlugboard;
  /** Calls the API in-process with a partner-wide token (for creating resources). */
  readonly call: ApiCall;
}

/** One partner API route, described for the tenant-isolation checks. */
export interface IsolationRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Shown in test names, e.g. `GET /v1.0/accounts/{id}`; defaults to the method and the URL for an account. */
  readonly name?: string;
  /** As in the route's `config.access`. */
  readonly access: RouteAccess;
  /**
   * For `partner` routes whose path names an account (`/v1.0/accounts/{id}/…`): a token restricted to
   * another account must be refused, and an account that does not exist must give 404.
   */
  readonly accountInPath?: boolean;
  /**
   * The URL of a call about `account`. When the route takes the id of something in the account (an
   * account connector, a property), create it in `account` through `kit` and return its URL: the
   * builder runs before every request, so destructive calls always get a fresh target. For
   * `accountInPath` routes it is also called with an account that does not exist, so it must not
   * need the account to exist.
   */
  readonly url: (account: string, kit: IsolationKit) => string | Promise<string>;
  /** The JSON body of the call, if it takes one. */
  readonly body?: (account: string, kit: IsolationKit) => unknown;
  /** The status of a properly authorised call (default: any 2xx). */
  readonly okStatus?: number;
}

export interface IsolationOptions {
  readonly env?: Record<string, string>;
  /** Connector definitions to serve (default: this build's). */
  readonly connectors?: readonly ConnectorDefinition[];
}

interface Fixture {
  readonly app: TestPlugboard;
  readonly database: TestDatabase;
  readonly partner: PartnerCredentials;
  readonly own: string;
  readonly other: string;
  /** A name only the other account has: it must never appear in an answer to a refused call. */
  readonly otherName: string;
  readonly tokens: {
    readonly partner: string;
    readonly own: string;
    readonly other: string;
    readonly expired: string;
    readonly revoked: string;
  };
}

const MALFORMED_AUTHORIZATION = ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer two words', 'Token abc'];

function expectRefusal(
  response: ApiResponse,
  statuses: readonly number[],
  fixture: Fixture,
  what: string,
): void {
  expect(statuses, `${what}: got ${response.status} ${response.text}`).toContain(response.status);
  expect(Object.keys(response.json()), what).toEqual(['Message']);
  expect(response.headers['plugboard-error-code'], what).toBeTruthy();
  expect(response.headers['x-content-type-options'], what).toBe('nosniff');
  expect(response.text, what).not.toContain(fixture.otherName);
}

function expectServed(response: ApiResponse, route: IsolationRoute, what: string): void {
  if (route.okStatus !== undefined) expect(response.status, `${what}: ${response.text}`).toBe(route.okStatus);
  else
    expect(
      response.status >= 200 && response.status < 300,
      `${what}: got ${response.status} ${response.text}`,
    ).toBe(true);
}

async function startFixture(database: TestDatabase, options: IsolationOptions): Promise<Fixture> {
  const app = await startTestPlugboard(database, {
    env: { PLUGBOARD_API_RATE_LIMIT: '1000000', ...options.env },
    ...(options.connectors ? { connectors: options.connectors } : {}),
  });
  await listen(app);
  const partner = await partnerCredentials(app, 'Isolation backend');
  const suffix = randomBytes(4).toString('hex');
  const own = `own-${suffix}`;
  const other = `other-${suffix}`;
  const otherName = `Other tenant ${suffix}`;
  await app.services.accounts.create(readNewAccount({ Id: own, Name: `Own tenant ${suffix}` }));
  await app.services.accounts.create(readNewAccount({ Id: other, Name: otherName }));
  const token = (account?: string) => accessToken(app, partner.clientId, partner.clientSecret, account);
  const expired = await token();
  await app.database.db
    .updateTable('api_tokens')
    .set({ expires_at: 1 })
    .where('token_hash', '=', hashToken(expired))
    .execute();
  const revoked = await token();
  await app.services.apiTokens.revoke(revoked);
  return {
    app,
    database,
    partner,
    own,
    other,
    otherName,
    tokens: { partner: partner.token, own: await token(own), other: await token(other), expired, revoked },
  };
}

/**
 * The tenant-isolation checks for partner API routes, on every test database and over both
 * transports (in-process and real HTTP). One call per route (or a list of routes) is enough:
 *
 * ```ts
 * describeTenantIsolation('account connectors', {
 *   method: 'GET',
 *   access: 'account',
 *   url: async (account, kit) => `/v1.0/account/connectors/${await installCapsule(kit, account)}`,
 * });
 * ```
 *
 * Every route: no token, a malformed `Authorization`, an expired and a revoked token → 401 with only
 * `{"Message"}`. Account-scoped routes: no or an empty `X-Cyclr-Account` → 401; an unknown account →
 * 404; a token restricted to another account → 403; another account's ids under this account → 404.
 * Partner-wide routes: an account-restricted token → 403. Routes with the account in the path: a token
 * restricted to another account → 403 or 404; an unknown account → 404. Refusals carry no data of the
 * other tenant. And the call itself works with a partner-wide token and, where allowed, with a token
 * restricted to the same account — so none of the refusals above can pass because the route is broken.
 */
export function describeTenantIsolation(
  title: string,
  routes: IsolationRoute | readonly IsolationRoute[],
  options: IsolationOptions = {},
): void {
  const list = Array.isArray(routes) ? (routes as readonly IsolationRoute[]) : [routes as IsolationRoute];
  for (const kind of testDatabaseKinds()) {
    describe(`tenant isolation: ${title} [${kind.kind}]`, () => {
      let database: TestDatabase | undefined;
      let fixture: Fixture | undefined;
      beforeAll(async () => {
        database = await kind.create();
        fixture = await startFixture(database, options);
      });
      afterAll(async () => {
        await fixture?.app.close();
        await database?.drop();
      });
      const ready = (): Fixture => {
        if (!fixture) throw new Error('the isolation fixture is not ready');
        return fixture;
      };

      for (const transport of TRANSPORTS) {
        for (const route of list) {
          const name = route.name ?? `${route.method} ${route.access} route`;
          describe(`${name} (${transport})`, () => {
            const kit = (): IsolationKit => ({
              app: ready().app,
              call: apiCaller(ready().app, 'in-process', () => ready().tokens.partner),
            });
            /** Calls the route about `account`, as `token`, with the given account header. */
            const send = async (
              account: string,
              token: string | null,
              headers: Record<string, string> = {},
              accountHeader?: string,
            ): Promise<ApiResponse> => {
              const url = await route.url(account, kit());
              const body = route.body?.(account, kit());
              return apiCaller(ready().app, transport)(route.method, url, {
                token,
                headers,
                ...(accountHeader === undefined ? {} : { account: accountHeader }),
                ...(body === undefined ? {} : { body }),
              });
            };
            const header = () => (route.access === 'account' ? ready().own : undefined);

            it('refuses a call without a token (401)', async () => {
              expectRefusal(await send(ready().own, null, {}, header()), [401], ready(), 'no token');
            });

            it('refuses a malformed Authorization header (401)', async () => {
              for (const value of MALFORMED_AUTHORIZATION) {
                const response = await send(ready().own, null, { authorization: value }, header());
                expectRefusal(response, [401], ready(), `Authorization: ${value}`);
              }
              const wrong = await send(ready().own, `${ready().tokens.partner}x`, {}, header());
              expectRefusal(wrong, [401], ready(), 'unknown token');
            });

            it('refuses an expired token (401)', async () => {
              expectRefusal(
                await send(ready().own, ready().tokens.expired, {}, header()),
                [401],
                ready(),
                'expired',
              );
            });

            it('refuses a revoked token (401)', async () => {
              expectRefusal(
                await send(ready().own, ready().tokens.revoked, {}, header()),
                [401],
                ready(),
                'revoked',
              );
            });

            it('serves the call with a partner-wide token', async () => {
              const account = route.accountInPath ? await throwawayAccount(ready()) : ready().own;
              expectServed(
                await send(account, ready().tokens.partner, {}, header()),
                route,
                'partner-wide token',
              );
            });

            if (route.access === 'partner-wide') {
              it('refuses a token restricted to an account (403)', async () => {
                expectRefusal(
                  await send(ready().own, ready().tokens.own),
                  [403],
                  ready(),
                  'restricted token',
                );
              });
            }

            if (route.access === 'account') {
              it('refuses a missing or empty X-Cyclr-Account (401)', async () => {
                expectRefusal(await send(ready().own, ready().tokens.partner), [401], ready(), 'no header');
                for (const value of ['', '   ']) {
                  const response = await send(ready().own, ready().tokens.partner, {}, value);
                  expectRefusal(response, [401], ready(), `X-Cyclr-Account: "${value}"`);
                }
              });

              it('answers 404 for an account that does not exist', async () => {
                const response = await send(
                  ready().own,
                  ready().tokens.partner,
                  {},
                  `missing-${ready().own}`,
                );
                expectRefusal(response, [404], ready(), 'unknown account');
              });

              it('refuses a token restricted to another account (403), with no data', async () => {
                const response = await send(ready().own, ready().tokens.other, {}, ready().own);
                expectRefusal(response, [403], ready(), 'token of the other account');
              });

              it("answers 404 for another account's ids", async (context) => {
                const ownUrl = await route.url(ready().own, kit());
                const otherUrl = await route.url(ready().other, kit());
                if (ownUrl === otherUrl) context.skip();
                for (const token of [ready().tokens.partner, ready().tokens.own]) {
                  const response = await send(ready().other, token, {}, ready().own);
                  expectRefusal(response, [404], ready(), "the other account's id");
                }
              });

              it('serves a token restricted to the same account', async () => {
                expectServed(
                  await send(ready().own, ready().tokens.own, {}, ready().own),
                  route,
                  'own token',
                );
              });
            }

            if (route.accountInPath) {
              it('refuses a token restricted to another account (403 or 404), with no data', async () => {
                const response = await send(ready().other, ready().tokens.own);
                expectRefusal(response, [403, 404], ready(), 'token of another account');
              });

              it('answers 404 for an account that does not exist', async () => {
                const response = await send(`missing-${ready().own}`, ready().tokens.partner);
                expectRefusal(response, [404], ready(), 'unknown account');
              });

              it('serves a token restricted to the same account', async () => {
                const account = await throwawayAccount(ready());
                const token = await accessToken(
                  ready().app,
                  ready().partner.clientId,
                  ready().partner.clientSecret,
                  account,
                );
                expectServed(await send(account, token), route, 'token of the same account');
              });
            }
          });
        }
      }
    });
  }
}

/** A fresh account for calls that may change or delete the account they name. */
async function throwawayAccount(fixture: Fixture): Promise<string> {
  const id = `scratch-${randomBytes(6).toString('hex')}`;
  await fixture.app.services.accounts.create(readNewAccount({ Id: id, Name: `Scratch ${id}` }));
  return id;
}
