/**
 * A scripted browser for the OAuth flow at the HTTP level: a cookie jar (name=value per host, honouring
 * Max-Age=0 deletion) and redirects followed by hand, so tests can look at every hop.
 */
export class BrowserSimulator {
  readonly #cookies = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string {
    const jar = this.#cookies.get(new URL(url).host);
    return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  cookies(url: string): Map<string, string> {
    return this.#cookies.get(new URL(url).host) ?? new Map();
  }

  /** Forgets every cookie (another browser, or one that blocks cookies). */
  clearCookies(): void {
    this.#cookies.clear();
  }

  #store(url: string, response: Response): void {
    const host = new URL(url).host;
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const jar = this.#cookies.get(host) ?? new Map<string, string>();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
      else jar.set(name, value);
      this.#cookies.set(host, jar);
    }
  }

  /** One request, no redirect followed. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.#store(url, response);
    return response;
  }

  /** Follows redirects (GET) until a non-redirect answer or `stop(url)` says to stop; returns every hop. */
  async follow(
    url: string,
    stop: (next: string) => boolean = () => false,
    maxHops = 10,
  ): Promise<{ response: Response; url: string; hops: string[] }> {
    const hops: string[] = [url];
    let current = url;
    let response = await this.request(current);
    for (let i = 0; i < maxHops && response.status >= 300 && response.status < 400; i++) {
      const location = response.headers.get('location');
      if (!location) break;
      current = new URL(location, current).href;
      hops.push(current);
      if (stop(current)) break;
      response = await this.request(current);
    }
    return { response, url: current, hops };
  }
}

/** Reads the sandbox consent form's one-time id from its page. */
export function consentIdFrom(html: string): string {
  const id = /name="consent_id" value="([^"]+)"/.exec(html)?.[1];
  if (!id) throw new Error('no consent form on the page');
  return id;
}
