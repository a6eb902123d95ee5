import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A URL-safe random secret with `bytes` bytes of entropy (default 32: 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Lookup hash of a high-entropy secret (API client secrets, bearer tokens, sign-in tokens, OAuth states,
 * session ids). SHA-256 is enough because the secrets are random, not chosen by people.
 */
export function hashToken(secret: string): string {
  // One-shot: every partner API call hashes its bearer token, and this skips building a Hash object.
  return hash('sha256', secret, 'base64url');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A secret derived from another one for a stated purpose (HMAC-SHA-256). Whoever holds `secret` can
 * recompute it; nobody else can, and it reveals nothing about `secret`.
 */
export function deriveToken(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(purpose, 'utf8').digest('base64url');
}
