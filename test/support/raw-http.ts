import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  /** The body parsed as JSON (throws when it is not). */
  json(): ReturnType<typeof JSON.parse>;
}

export interface RawRequest {
  readonly method: string;
  /** Sent exactly as given: no URL parsing, so `..`, `//` and `\` reach the server untouched. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

/**
 * One HTTP/1.1 request to `origin` with the request target written verbatim. `fetch` and `new URL()`
 * would normalise dot segments and backslashes before sending, hiding exactly what a test of path
 * handling needs to send. Redirects are never followed.
 */
export function rawRequest(origin: string, options: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, method: options.method, path: options.path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body.toString('utf8')),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
