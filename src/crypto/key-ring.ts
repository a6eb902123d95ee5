import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from './key-list.ts';

/**
 * Where a ciphertext lives. It is bound into the AES-GCM additional data, so a ciphertext copied to
 * another table, row or column fails to open.
 */
export interface SealContext {
  readonly table: string;
  readonly row: string;
  readonly column: string;
}

/** A ciphertext could not be opened; the message names the place, never the content. */
export class DecryptionError extends Error {
  constructor(
    readonly context: SealContext,
    reason: string,
  ) {
    super(`cannot decrypt ${context.table}.${context.column} of row ${context.row}: ${reason}`);
    this.name = 'DecryptionError';
  }
}

const FORMAT = 'pb1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function additionalData(kid: string, context: SealContext): Buffer {
  return Buffer.from(`plugboard/${FORMAT}|${kid}|${context.table}|${context.row}|${context.column}`, 'utf8');
}

/** Returns the key id a ciphertext was sealed with, or `null` if the text is not a Plugboard ciphertext. */
export function keyIdOf(ciphertext: string): string | null {
  const parts = ciphertext.split('.');
  return parts.length === 4 && parts[0] === FORMAT && parts[1] ? parts[1] : null;
}

/**
 * The set of data-encryption keys of this process. The first key seals; every key opens.
 * Ciphertexts are `pb1.{kid}.{iv}.{ciphertext+tag}` (base64url), AES-256-GCM with the
 * {@link SealContext} as additional data. There is no plaintext mode.
 */
export class KeyRing {
  #keys: Map<string, Buffer>;
  #activeKid: string;

  constructor(keys: readonly EncryptionKey[]) {
    const first = keys[0];
    if (!first) throw new Error('a key ring needs at least one key');
    this.#keys = new Map(keys.map((k) => [k.kid, k.key]));
    this.#activeKid = first.kid;
  }

  get activeKid(): string {
    return this.#activeKid;
  }

  get kids(): string[] {
    return [...this.#keys.keys()];
  }

  has(kid: string): boolean {
    return this.#keys.has(kid);
  }

  /** Swaps in a new key list (a rotated key file); ciphertexts already written stay readable if their key remains. */
  replaceKeys(keys: readonly EncryptionKey[]): void {
    const first = keys[0];
    if (!first) throw new Error('a key ring needs at least one key');
    this.#keys = new Map(keys.map((k) => [k.kid, k.key]));
    this.#activeKid = first.kid;
  }

  /** Seals under the active key (or, for key checks, under a named key of the ring). */
  seal(plaintext: string, context: SealContext, kid: string = this.#activeKid): string {
    const key = this.#keys.get(kid);
    if (!key) throw new Error(`key "${kid}" is not in the key ring`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(additionalData(kid, context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${FORMAT}.${kid}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  open(ciphertext: string, context: SealContext): string {
    const parts = ciphertext.split('.');
    if (parts.length !== 4 || parts[0] !== FORMAT)
      throw new DecryptionError(context, 'not a Plugboard ciphertext');
    const [, kid = '', ivText = '', bodyText = ''] = parts;
    const key = this.#keys.get(kid);
    if (!key) throw new DecryptionError(context, `key "${kid}" is not in PLUGBOARD_ENCRYPTION_KEYS`);
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES)
      throw new DecryptionError(context, 'malformed ciphertext');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(additionalData(kid, context));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new DecryptionError(
        context,
        'authentication failed (wrong key, tampered data, or data moved from elsewhere)',
      );
    }
  }

  /** Re-encrypts under the active key; returns the input unchanged when it already uses it. */
  rewrap(ciphertext: string, context: SealContext): string {
    if (keyIdOf(ciphertext) === this.#activeKid) return ciphertext;
    return this.seal(this.open(ciphertext, context), context);
  }
}

/** Makes a new random key with a fresh id. */
export function generateKey(
  kid = `k${Date.now().toString(36)}${randomBytes(2).toString('hex')}`,
): EncryptionKey {
  return { kid, key: randomBytes(32) };
}
