/**
 * The baseline for the benchmark: the least a pass-through can do. A node:http server that sends each
 * request on to `BARE_UPSTREAM` with undici (the same client Plugboard uses, default dispatcher) and a
 * fixed bearer token, and streams the answer back. No partner authentication, no database, no checks.
 *
 *   BARE_PORT=4100 BARE_UPSTREAM=http://127.0.0.1:4000/api/v2 BARE_TOKEN=… npx tsx bench/bare-proxy.ts
 */
import { createServer } from 'node:http';
import { type Dispatcher, request } from 'undici';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

const port = Number(process.env.BARE_PORT);
const upstream = process.env.BARE_UPSTREAM ?? '';
const token = process.env.BARE_TOKEN ?? '';
if (!port || !upstream || !token) {
  console.error('BARE_PORT, BARE_UPSTREAM and BARE_TOKEN are required');
  process.exit(2);
}

const server = createServer(async (req, res) => {
  try {
    const method = (req.method ?? 'GET') as Dispatcher.HttpMethod;
    const answer = await request(`${upstream}${req.url ?? '/'}`, {
      method,
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      body: method === 'GET' || method === 'HEAD' ? null : req,
    });
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    res.writeHead(answer.statusCode, headers);
    answer.body.pipe(res);
  } catch {
    res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () =>
  console.log(JSON.stringify({ BareProxy: `http://127.0.0.1:${port}` })),
);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
