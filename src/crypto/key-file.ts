import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type EncryptionKey, formatKeyList, KeyListError, parseKeyList } from './key-list.ts';

/** The key file used with SQLite when PLUGBOARD_ENCRYPTION_KEYS is not set: next to the database. */
export function keyFilePathFor(sqlitePath: string): string {
  return join(dirname(sqlitePath), 'plugboard.keys');
}

export class KeyFileError extends Error {}

/** Reads a key file (`kid:base64` per line, first line active). Returns `null` when it does not exist. */
export function readKeyFile(path: string): EncryptionKey[] | null {
  if (!existsSync(path)) return null;
  try {
    return parseKeyList(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof KeyListError ? error.message : 'unreadable';
    throw new KeyFileError(`encryption key file ${path} is malformed: ${reason}`);
  }
}

/** Writes a key file atomically, readable by its owner only. */
export function writeKeyFile(path: string, keys: readonly EncryptionKey[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const header =
    '# Plugboard encryption keys: kid:base64(32 bytes). The first key encrypts; keep every key that\n' +
    '# still has data (plugboard keys rewrap moves data to the first). Back this file up with the database.\n';
  writeFileSync(temporary, `${header}${formatKeyList(keys, '\n')}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
