/** One data-encryption key: an id carried by every ciphertext, and 32 bytes of key material. */
export interface EncryptionKey {
  readonly kid: string;
  readonly key: Buffer;
}

const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Why a key list was refused; never contains key material. */
export class KeyListError extends Error {}

/**
 * Parses `kid:base64,kid:base64`. The first key is the active one. Refuses empty lists, duplicate kids
 * and keys that are not exactly 32 bytes, without echoing any key material.
 */
export function parseKeyList(text: string): EncryptionKey[] {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0 && !entry.startsWith('#'));
  if (entries.length === 0) throw new KeyListError('no keys given');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new KeyListError(`entry ${index + 1} has no "kid:" prefix`);
    const kid = entry.slice(0, colon);
    const material = entry.slice(colon + 1);
    if (!KID_PATTERN.test(kid)) throw new KeyListError(`entry ${index + 1} has an invalid key id`);
    if (seen.has(kid)) throw new KeyListError(`key id "${kid}" appears twice`);
    seen.add(kid);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(material)) {
      throw new KeyListError(`key "${kid}" is not base64`);
    }
    const key = Buffer.from(material, 'base64');
    if (key.length !== 32) throw new KeyListError(`key "${kid}" is ${key.length} bytes, not 32`);
    return { kid, key };
  });
}

/** Formats keys back into the `kid:base64` list form (for key files and `keys rotate`). */
export function formatKeyList(keys: readonly EncryptionKey[], separator = ','): string {
  return keys.map((k) => `${k.kid}:${k.key.toString('base64')}`).join(separator);
}
