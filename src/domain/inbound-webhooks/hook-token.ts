import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url (43 characters): the secret part of `{PUBLIC_URL}/webhooks/{token}`. */
export function newHookToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The only form in which a token is stored and looked up. */
export function hookTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Whether `text` can be a token at all (anything else is answered 404 without a lookup). */
export function looksLikeHookToken(text: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(text);
}

/** The URL a provider or the partner's app posts to. */
export function hookUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/${token}`;
}
