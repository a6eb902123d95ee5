import { describe, expect, it } from 'vitest';
import { DecryptionError, generateKey, KeyRing, keyIdOf } from './key-ring.ts';

const here = { table: 'account_connectors', row: '7', column: 'refresh_token_ct' };

function flipCharacter(text: string, index: number): string {
  const char = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + char + text.slice(index + 1);
}

describe('KeyRing', () => {
  it('opens what it sealed, and the ciphertext names its key and hides the plaintext', () => {
    const ring = new KeyRing([generateKey('k1')]);
    const sealed = ring.seal('refresh-token-value', here);
    expect(keyIdOf(sealed)).toBe('k1');
    expect(sealed).not.toContain('refresh-token-value');
    expect(ring.open(sealed, here)).toBe('refresh-token-value');
  });

  it('uses a fresh IV each time', () => {
    const ring = new KeyRing([generateKey('k1')]);
    expect(ring.seal('same', here)).not.toBe(ring.seal('same', here));
  });

  it.each([
    ['another row', { ...here, row: '8' }],
    ['another column', { ...here, column: 'access_token_ct' }],
    ['another table', { ...here, table: 'connector_setups' }],
  ])('refuses a ciphertext moved to %s (AAD mismatch)', (_case, elsewhere) => {
    const ring = new KeyRing([generateKey('k1')]);
    const sealed = ring.seal('secret', here);
    expect(() => ring.open(sealed, elsewhere)).toThrow(DecryptionError);
  });

  it('refuses a tampered ciphertext, IV or key id, and never falls back', () => {
    const ring = new KeyRing([generateKey('k1'), generateKey('k2')]);
    const sealed = ring.seal('secret', here);
    const [format, kid, iv, body] = sealed.split('.') as [string, string, string, string];
    expect(() => ring.open([format, kid, iv, flipCharacter(body, 3)].join('.'), here)).toThrow(
      DecryptionError,
    );
    expect(() => ring.open([format, kid, iv, flipCharacter(body, body.length - 3)].join('.'), here)).toThrow(
      DecryptionError,
    );
    expect(() => ring.open([format, kid, flipCharacter(iv, 2), body].join('.'), here)).toThrow(
      DecryptionError,
    );
    expect(() => ring.open([format, 'k2', iv, body].join('.'), here)).toThrow(DecryptionError);
    expect(() => ring.open('plaintext', here)).toThrow(DecryptionError);
  });

  it('says which key is missing without showing the value', () => {
    const writer = new KeyRing([generateKey('old')]);
    const reader = new KeyRing([generateKey('new')]);
    const sealed = writer.seal('secret', here);
    expect(() => reader.open(sealed, here)).toThrow(/key "old" is not in PLUGBOARD_ENCRYPTION_KEYS/);
  });

  it('after rotation seals with the new key and still opens data sealed with the old one', () => {
    const k1 = generateKey('k1');
    const k2 = generateKey('k2');
    const before = new KeyRing([k1]);
    const old = before.seal('secret', here);
    const after = new KeyRing([k2, k1]);
    expect(keyIdOf(after.seal('x', here))).toBe('k2');
    expect(after.open(old, here)).toBe('secret');
    const rewrapped = after.rewrap(old, here);
    expect(keyIdOf(rewrapped)).toBe('k2');
    expect(new KeyRing([k2]).open(rewrapped, here)).toBe('secret');
    expect(() => new KeyRing([k2]).open(old, here)).toThrow(DecryptionError);
  });
});
