import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import type { HttpServer } from '../http/build-server.ts';

/**
 * The page's headers: only this origin's scripts and styles (the build has no inline code), `data:`
 * images (the partner's logo, connector icons), no framing (its session cookie is SameSite=Strict, so it
 * could not work inside another site's frame anyway), and no opener policy, so a partner that opened
 * the LAUNCH page in a popup keeps the window it posts the result to.
 */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

async function sendPage(reply: FastifyReply, consoleDir: string): Promise<FastifyReply> {
  let html: string;
  try {
    html = await readFile(join(consoleDir, 'account.html'), 'utf8');
  } catch {
    return reply
      .status(503)
      .headers({ ...PAGE_HEADERS, 'content-security-policy': "default-src 'none'" })
      .type('text/plain; charset=utf-8')
      .send(
        'This page is not available yet: the web pages of this Plugboard installation have not been built.',
      );
  }
  return reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html);
}

/** `GET /launch` and `GET /account`: the built page (part of the console build); it routes itself. */
export async function accountPageRoutes(server: HttpServer, options: { consoleDir: string }): Promise<void> {
  server.get('/launch', async (_request, reply) => sendPage(reply, options.consoleDir));
  server.get('/account', async (_request, reply) => sendPage(reply, options.consoleDir));
}
