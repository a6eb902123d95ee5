import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An opaque, URL-safe random value with 256 bits of entropy. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The key a secret is stored under. Only hashes are kept, so a dump of the sandbox's memory holds no
 * usable token; SHA-256 suffices because the values are random, not chosen by people.
 */
export function secretKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** Constant-time comparison of two strings. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
