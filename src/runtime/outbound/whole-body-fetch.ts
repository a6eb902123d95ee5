import type { Dispatcher } from 'undici';
import { requestTarget } from './request-target.ts';

/** Statuses whose answer has no body (a `Response` refuses one). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A `fetch` for requests with a small body sent whole and an answer read whole (token endpoints), over
 * the dispatcher's `request`: the request line, headers and body go out in one write. undici's `fetch`
 * sends any body through an async iterator, a write per chunk, and builds web streams for the answer:
 * about a millisecond of CPU a token request more. Takes string or form bodies; a redirect is returned,
 * never followed (`redirect: 'manual'`, as OAuth clients ask). Failures reject like `fetch`'s: the
 * signal's reason when it aborted, otherwise a `TypeError` whose `cause` is undici's error.
 */
export function wholeBodyFetch(dispatcher: () => Promise<Dispatcher>): typeof fetch {
  return (async (input: string | URL, init: RequestInit = {}) => {
    const { body } = init;
    if (body != null && typeof body !== 'string' && !(body instanceof URLSearchParams))
      throw new TypeError('only string and form bodies are sent whole');
    if (init.redirect !== undefined && init.redirect !== 'manual')
      throw new TypeError('redirects are never followed: pass redirect: "manual"');
    const headers = new Headers(init.headers);
    if (body instanceof URLSearchParams && !headers.has('content-type'))
      headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    let answer: Dispatcher.ResponseData;
    let bytes: ArrayBuffer;
    try {
      const { origin, path } = requestTarget(input);
      answer = await (await dispatcher()).request({
        origin,
        path,
        method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
        headers: Object.fromEntries(headers),
        body: body == null ? null : String(body),
        signal: init.signal ?? null,
      });
      bytes = await answer.body.arrayBuffer();
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      throw new TypeError('fetch failed', { cause: error });
    }
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
    }
    return new Response(NULL_BODY_STATUSES.has(answer.statusCode) ? null : bytes, {
      status: answer.statusCode,
      headers: responseHeaders,
    });
  }) as typeof fetch;
}
