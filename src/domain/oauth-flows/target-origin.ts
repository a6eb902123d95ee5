/** A validated `targetOrigin`: the exact origin, and the URL to redirect to when one was given. */
export interface TargetOrigin {
  readonly origin: string;
  /** Set when the caller passed a URL with a path or query (redirect mode); otherwise `null`. */
  readonly url: string | null;
}

/**
 * Parses Cyclr's `targetOrigin` — an origin, or a URL to redirect to — refusing anything that is not a
 * plain http(s) URL: relative or scheme-relative values, other schemes, user info, backslashes,
 * whitespace or control characters. Returns `null` when refused.
 */
export function parseTargetOrigin(text: string): TargetOrigin | null {
  if (text.length === 0 || text.length > 2000) return null;
  if (/[\s\\]/.test(text) || [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return null;
  if (!/^https?:\/\/[^/?#]/i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || text.includes('@')) return null;
  const bareOrigin = url.pathname === '/' && !url.search && !url.hash && !/^https?:\/\/[^/]+\/./i.test(text);
  return { origin: url.origin, url: bareOrigin ? null : url.href };
}

/** Exact match against the partner's allowed origins (each compared in its normalised form). */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  return allowed.some((candidate) => {
    try {
      return new URL(candidate).origin === origin;
    } catch {
      return false;
    }
  });
}
