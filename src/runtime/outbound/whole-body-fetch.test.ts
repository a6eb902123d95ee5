import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wholeBodyFetch } from './whole-body-fetch.ts';

let server: Server;
let origin = '';
const agent = new Agent();
const send = wholeBodyFetch(async () => agent);

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.url === '/hop') return void res.writeHead(302, { location: '/landed' }).end();
      if (req.url === '/empty') return void res.writeHead(204).end();
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 500);
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          method: req.method,
          type: req.headers['content-type'],
          accept: req.headers.accept,
          body,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await agent.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('sends a form body whole with its content type and answers with status, headers and body', async () => {
  const response = await send(`${origin}/token?x=1`, {
    method: 'POST',
    headers: { accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r t&=' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(201);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  expect(await response.json()).toEqual({
    method: 'POST',
    type: 'application/x-www-form-urlencoded;charset=UTF-8',
    accept: 'application/json',
    body: 'grant_type=refresh_token&refresh_token=r+t%26%3D',
  });
});

it('returns a redirect without following it, and an answer without a body', async () => {
  const hop = await send(`${origin}/hop`, { redirect: 'manual' });
  expect(hop.status).toBe(302);
  expect(hop.headers.get('location')).toBe('/landed');
  expect((await send(`${origin}/empty`)).status).toBe(204);
  await expect(send(`${origin}/hop`, { redirect: 'follow' })).rejects.toThrow(TypeError);
});

it('fails like fetch: the abort reason, or a TypeError caused by the network error', async () => {
  await expect(send(`${origin}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({
    name: 'TimeoutError',
  });
  const refused = await send('http://127.0.0.1:1/token').catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(TypeError);
  expect((refused as TypeError).cause).toMatchObject({ code: 'ECONNREFUSED' });
});
