import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { HttpServer } from '../http/build-server.ts';

/**
 * Headers for the console's page. The CSP allows only this origin's scripts and styles (the build has
 * no inline code) and `data:` images (connector icons). The opener policy keeps the OAuth popup able to
 * post its result back to the console.
 */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin-allow-popups',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plugboard console not built</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1d2733}
code{background:#eef1f4;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><main><h1>The console has not been built</h1>
<p>Plugboard is running, but the files of its console are missing. <code>npm start</code> builds them
before serving; with <code>plugboard serve</code>, build them once with <code>npx vite build --config console/vite.config.ts</code>
and reload this page.</p>
<p>The partner API under <code>/v1.0</code> works without the console.</p></main></body></html>
`;

async function sendIndex(reply: FastifyReply, consoleDir: string): Promise<FastifyReply> {
  let html: string;
  try {
    html = await readFile(join(consoleDir, 'index.html'), 'utf8');
  } catch {
    return reply
      .status(503)
      .headers({
        ...PAGE_HEADERS,
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      })
      .type('text/html; charset=utf-8')
      .send(NOT_BUILT_PAGE);
  }
  return reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html);
}

/**
 * Serves the built console: `/console/assets/*` are content-hashed files, cached for a year;
 * every other `/console` path answers with `index.html` (never cached), and the app routes itself.
 */
export async function consoleAppRoutes(server: HttpServer, options: { consoleDir: string }): Promise<void> {
  await server.register(fastifyStatic, {
    root: join(options.consoleDir, 'assets'),
    prefix: '/console/assets/',
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
    // The files are requested by exact hashed name; a directory listing or redirect is never wanted.
    redirect: false,
    list: false,
  });
  server.get('/console', async (_request, reply) => sendIndex(reply, options.consoleDir));
  server.get('/console/*', async (_request, reply) => sendIndex(reply, options.consoleDir));
}
