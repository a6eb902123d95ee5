/** Checks run in the browser before a form is sent; the server checks again and has the last word. */

export function required(value: string, label: string): string | null {
  return value.trim() === '' ? `Enter ${label}.` : null;
}

/** An absolute http(s) URL. */
export function httpUrl(value: string, label: string): string | null {
  if (value.trim() === '') return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${label} must start with https://.`;
    return null;
  } catch {
    return `${label} must be a full URL, like https://example.com/path.`;
  }
}

/** A web origin: scheme, host and port only (`https://app.example.com`). */
export function origin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return 'An origin starts with https:// or http://.';
    if (url.origin !== value.trim().replace(/\/$/, '')) {
      return `An origin has no path, query or fragment: did you mean ${url.origin}?`;
    }
    return null;
  } catch {
    return 'Enter an origin like https://app.example.com.';
  }
}

/** Keeps only the errors that are set; empty when the form may be sent. */
export function problems<K extends string>(checks: Record<K, string | null>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [key, value] of Object.entries(checks) as [K, string | null][]) if (value) out[key] = value;
  return out;
}
