import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../connectors/capsule-v2/index.ts';
import { TokenEndpointError } from '../domain/account-connectors/provider-token-client.ts';
import type { ResolvedConnectorSetup } from '../domain/connector-setups/connector-setup-service.ts';
import { Oauth4webapiTokenClient } from './oauth4webapi-token-client.ts';

interface Seen {
  authorization: string | undefined;
  body: URLSearchParams;
}

/** A token endpoint on 127.0.0.1 that answers whatever the test sets, and records what it was sent. */
let server: Server;
let baseUrl: string;
let answer: { status: number; type: string; body: string } = {
  status: 200,
  type: 'application/json',
  body: '{}',
};
const seen: Seen[] = [];

async function read(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    seen.push({
      authorization: request.headers.authorization,
      body: new URLSearchParams(await read(request)),
    });
    response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
});
beforeEach(() => {
  seen.length = 0;
});

function setup(method: 'client_secret_post' | 'client_secret_basic'): ResolvedConnectorSetup {
  return {
    connectorId: CAPSULE_V2.id,
    clientId: 'app id',
    clientSecret: 's3cret:+/',
    authoriseUrl: `${baseUrl}/oauth/authorise`,
    accessTokenUrl: `${baseUrl}/oauth/token`,
    apiBaseUrl: `${baseUrl}/api/v2`,
    scopes: null,
    tokenAuthMethod: method,
    issuer: null,
    requestsPerHour: 0,
    updatedAt: null,
  };
}

const client = new Oauth4webapiTokenClient({ timeoutMs: 2_000 });

describe('Oauth4webapiTokenClient.refresh', () => {
  it("reads Capsule's JSON answer, keeping subdomain as metadata and honouring expires_in", async () => {
    answer = {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({
        access_token: 'a1',
        token_type: 'bearer',
        expires_in: 604799,
        refresh_token: 'r2',
        scope: 'read write',
        subdomain: 'exampleco',
      }),
    };
    const tokens = await client.refresh(CAPSULE_V2, setup('client_secret_post'), 'r1');
    expect(tokens).toEqual({
      accessToken: 'a1',
      refreshToken: 'r2',
      tokenType: 'bearer',
      expiresInSeconds: 604799,
      scope: 'read write',
      metadata: { subdomain: 'exampleco' },
    });
  });

  it('sends client_secret_post in the body, or client_secret_basic in the header, as the setup says', async () => {
    answer = { status: 200, type: 'application/json', body: '{"access_token":"a","token_type":"Bearer"}' };
    await client.refresh(CAPSULE_V2, setup('client_secret_post'), 'r1');
    await client.refresh(CAPSULE_V2, setup('client_secret_basic'), 'r1');
    const [post, basic] = seen;
    expect(post?.authorization).toBeUndefined();
    expect(post?.body.get('client_id')).toBe('app id');
    expect(post?.body.get('client_secret')).toBe('s3cret:+/');
    expect(post?.body.get('grant_type')).toBe('refresh_token');
    expect(post?.body.get('refresh_token')).toBe('r1');
    expect(basic?.body.get('client_secret')).toBeNull();
    const decoded = Buffer.from((basic?.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    const [id, secret] = decoded.split(':').map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
    expect([id, secret]).toEqual(['app id', 's3cret:+/']);
  });

  it('accepts a form-encoded answer and a numeric-string expires_in; no refresh_token comes back as null', async () => {
    answer = {
      status: 200,
      type: 'application/x-www-form-urlencoded',
      body: 'access_token=a2&token_type=bearer&expires_in=3600',
    };
    const tokens = await client.refresh(CAPSULE_V2, setup('client_secret_post'), 'r1');
    expect(tokens).toMatchObject({ accessToken: 'a2', refreshToken: null, expiresInSeconds: 3600 });
  });

  it.each([
    [400, '{"error":"invalid_grant","error_description":"Invalid refresh token"}', 'invalid_grant'],
    [401, '{"error":"invalid_client"}', 'invalid_client'],
    [400, '{"error":"unsupported_grant_type"}', 'rejected'],
    [503, 'Service Unavailable', 'transient'],
    [429, '{"error":"slow_down"}', 'transient'],
    [200, '{"token_type":"bearer"}', 'invalid_response'],
  ])('classifies HTTP %i %s as %s, without echoing tokens', async (status, body, kind) => {
    answer = { status, type: body.startsWith('{') ? 'application/json' : 'text/plain', body };
    const error = await client
      .refresh(CAPSULE_V2, setup('client_secret_post'), 'refresh-token-secret')
      .catch((e) => e);
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.kind).toBe(kind);
    expect(error.message).not.toContain('refresh-token-secret');
  });

  it('classifies a 401 with a WWW-Authenticate challenge (a refused client secret) as invalid_client', async () => {
    const withChallenge = createServer((_request, response) => {
      response.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': 'Basic realm="capsule"',
      });
      response.end('{"error":"invalid_client"}');
    });
    await new Promise<void>((resolve) => withChallenge.listen(0, '127.0.0.1', resolve));
    try {
      const port = (withChallenge.address() as { port: number }).port;
      const target = {
        ...setup('client_secret_post'),
        accessTokenUrl: `http://127.0.0.1:${port}/oauth/token`,
      };
      const error = await client.refresh(CAPSULE_V2, target, 'r1').catch((e) => e);
      expect(error).toBeInstanceOf(TokenEndpointError);
      expect(error.kind).toBe('invalid_client');
      expect(error.message).toContain('client ID or secret');
    } finally {
      withChallenge.close();
    }
  });

  it('classifies an unreachable token endpoint as transient', async () => {
    const unreachable = { ...setup('client_secret_post'), accessTokenUrl: 'http://127.0.0.1:1/oauth/token' };
    const error = await client.refresh(CAPSULE_V2, unreachable, 'r1').catch((e) => e);
    expect(error.kind).toBe('transient');
  });
});

describe('Oauth4webapiTokenClient.revoke', () => {
  it("tries the definition's revocation endpoints, resolved against the token URL, until one answers 200", async () => {
    answer = { status: 200, type: 'text/plain', body: '' };
    expect(await client.revoke(CAPSULE_V2, setup('client_secret_post'), 'r1', 'refresh_token')).toBe(true);
    expect(seen[0]?.body.get('token')).toBe('r1');
    expect(seen[0]?.body.get('token_type_hint')).toBe('refresh_token');
    answer = { status: 500, type: 'text/plain', body: '' };
    seen.length = 0;
    expect(await client.revoke(CAPSULE_V2, setup('client_secret_post'), 'r1', 'refresh_token')).toBe(false);
    expect(seen).toHaveLength(2);
  });
});
