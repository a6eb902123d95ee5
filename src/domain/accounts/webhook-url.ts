import { hasControlCharacter } from '../text-rules.ts';

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const MAX_URL_LENGTH = 2048;

export type WebhookUrlResult =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly message: string };

/**
 * Cyclr's rule for `TransactionErrorWebhookUrl`: a value without a scheme gets `https://` in front (the
 * rest is kept exactly, spaces included, so `" "` becomes `"https:// "`), and the result must be an
 * absolute http(s) URL with a host and no whitespace; otherwise the message is `{candidate} is not a valid URL`.
 */
export function normaliseWebhookUrl(raw: string): WebhookUrlResult {
  const candidate = HAS_SCHEME.test(raw) ? raw : `https://${raw}`;
  const refused = { ok: false, message: `${candidate} is not a valid URL` } as const;
  if (candidate.length > MAX_URL_LENGTH || /\s/.test(candidate) || hasControlCharacter(candidate))
    return refused;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return refused;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') return refused;
  return { ok: true, url: candidate };
}
