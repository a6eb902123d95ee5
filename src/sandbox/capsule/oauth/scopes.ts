/** The scopes Capsule's discovery document lists. */
export const SUPPORTED_SCOPES = [
  'read',
  'write',
  'user_preference',
  'openid',
  'profile',
  'email',
  'tenant',
] as const;

/** What Capsule grants when the request names no scope. */
export const DEFAULT_SCOPES: readonly string[] = ['read', 'write'];

const supported: ReadonlySet<string> = new Set(SUPPORTED_SCOPES);

/**
 * The scopes of a space-separated `scope` value, without duplicates and in request order; the
 * default when it is absent or blank; undefined when it names an unknown scope.
 */
export function parseScope(raw: string | undefined): string[] | undefined {
  const names = (raw ?? '').split(' ').filter((name) => name !== '');
  if (names.length === 0) {
    return [...DEFAULT_SCOPES];
  }
  if (!names.every((name) => supported.has(name))) {
    return undefined;
  }
  return [...new Set(names)];
}
