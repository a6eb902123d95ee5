/** True for hosts that never leave this machine: localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === '[::1]'
  );
}

/**
 * Parses a URL that Plugboard will send secrets to: https only, except for loopback hosts (local
 * development and the sandbox); no userinfo or fragment. Returns the problem in words, or the URL.
 */
export function parseSecretBearingUrl(text: string): { url: URL } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'is not an absolute URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { problem: 'must use https (http is allowed only for localhost)' };
  }
  if (url.username || url.password) return { problem: 'must not contain a user name or password' };
  if (url.hash) return { problem: 'must not contain a fragment' };
  return { url };
}
