/**
 * The cookie that binds an OAuth flow to the browser that started it: one per flow (so two popups can run
 * at once), HttpOnly, SameSite=Lax (the callback is a cross-site navigation), and on https `Secure` with
 * the `__Host-` prefix.
 */
export class FlowCookies {
  readonly #secure: boolean;

  constructor(publicUrl: string) {
    this.#secure = new URL(publicUrl).protocol === 'https:';
  }

  nameFor(flowId: string): string {
    return `${this.#secure ? '__Host-' : ''}pb_flow_${flowId}`;
  }

  set(flowId: string, secret: string, maxAgeSeconds: number): string {
    return this.#serialise(this.nameFor(flowId), secret, maxAgeSeconds);
  }

  clear(flowId: string): string {
    return this.#serialise(this.nameFor(flowId), '', 0);
  }

  /** Reads a flow's cookie from a `Cookie` header. */
  read(cookieHeader: string | undefined, flowId: string): string | undefined {
    if (!cookieHeader) return undefined;
    const name = this.nameFor(flowId);
    for (const part of cookieHeader.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
    }
    return undefined;
  }

  #serialise(name: string, value: string, maxAgeSeconds: number): string {
    const attributes = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
    if (this.#secure) attributes.push('Secure');
    return attributes.join('; ');
  }
}
