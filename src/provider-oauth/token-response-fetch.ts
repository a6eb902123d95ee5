/**
 * A `fetch` for token endpoints that makes providers' answers acceptable to a strict OAuth client:
 * a form-encoded (or `text/plain` form) success body becomes JSON, and a numeric-string `expires_in`
 * becomes a number. Everything else passes through untouched.
 */
export function tolerantTokenFetch(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    const isForm = type.includes('application/x-www-form-urlencoded') || type.startsWith('text/plain');
    const isJson = type.includes('json');
    if (!isForm && !isJson) return response;
    const text = await response.text();
    let body: Record<string, unknown> | null = null;
    if (isJson) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
      } catch {
        body = null;
      }
    } else if (text.includes('=')) {
      body = Object.fromEntries(new URLSearchParams(text));
    }
    if (!body) return new Response(text, { status: response.status, headers: response.headers });
    if (typeof body.expires_in === 'string' && /^\d+$/.test(body.expires_in))
      body.expires_in = Number(body.expires_in);
    const headers = new Headers(response.headers);
    headers.set('content-type', 'application/json');
    headers.delete('content-length');
    return new Response(JSON.stringify(body), {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
