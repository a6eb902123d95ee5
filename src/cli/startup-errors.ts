import { CONFIG_DEFAULTS } from '../config/config-options.ts';
import { SqliteDirectoryMissingError } from '../storage/database.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages and `plugboard config`. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(a URL that cannot be parsed)';
  }
}

interface SystemLikeError {
  readonly code?: unknown;
  readonly port?: unknown;
  readonly address?: unknown;
  readonly syscall?: unknown;
}

/** The PostgreSQL error codes a person can fix by changing `PLUGBOARD_DATABASE_URL`. */
const POSTGRES_CODES: Record<string, string> = {
  '3D000': 'the database does not exist',
  '28000': 'the role does not exist or may not connect',
  '28P01': 'the password is wrong',
  '42501': 'the role may not use that database',
};

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * One line that names the setting to change, for the failures a person causes at start-up (a port in
 * use, an unreachable or misnamed database, a wrong password, an SQLite path that cannot be made);
 * `null` for anything else, which stays a crash with its stack.
 */
export function describeStartupError(error: unknown, env: Env): string | null {
  if (error instanceof SqliteDirectoryMissingError) return `Cannot start: ${error.message}`;
  if (typeof error !== 'object' || error === null) return null;
  const { code, port, address, syscall } = error as SystemLikeError;
  const databaseUrl = env.PLUGBOARD_DATABASE_URL?.trim() || CONFIG_DEFAULTS.databaseUrl;
  const database = withoutPassword(databaseUrl);
  if (syscall === 'listen' && (code === 'EADDRINUSE' || code === 'EACCES')) {
    const where = `${typeof address === 'string' ? address : 'the address'}:${String(port ?? env.PLUGBOARD_PORT ?? CONFIG_DEFAULTS.port)}`;
    return code === 'EADDRINUSE'
      ? `Cannot start: port ${String(port)} is already in use (${where}). Stop the other server or choose another port with PLUGBOARD_PORT.`
      : `Cannot start: not allowed to listen on ${where}. Choose a port above 1023 with PLUGBOARD_PORT.`;
  }
  if (code === 'EADDRNOTAVAIL')
    return `Cannot start: ${String(address ?? 'PLUGBOARD_HOST')} is not an address of this machine. Change PLUGBOARD_HOST.`;
  if (typeof code === 'string' && POSTGRES_CODES[code])
    return `Cannot start: PostgreSQL refused the connection: ${POSTGRES_CODES[code]} (PLUGBOARD_DATABASE_URL=${database}).`;
  if (typeof code === 'string' && UNREACHABLE.has(code) && databaseUrl.startsWith('postgres'))
    return `Cannot start: PostgreSQL is not reachable (${code}) at PLUGBOARD_DATABASE_URL=${database}. Is it running, and is the host and port right?`;
  if (
    code === 'SQLITE_CANTOPEN' ||
    (typeof code === 'string' && ['EACCES', 'EROFS', 'ENOTDIR'].includes(code))
  )
    return `Cannot start: the SQLite database cannot be opened or created (PLUGBOARD_DATABASE_URL=${database}). Check that its directory exists and is writable.`;
  return null;
}
