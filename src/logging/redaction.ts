/** Query parameters whose values never reach a log line. */
const SECRET_QUERY_PARAMETERS = new Set([
  'token',
  'code',
  'state',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'code_verifier',
  'password',
  'authvalue',
  'session',
  'callbackmessage',
]);

export const REDACTED = '[redacted]';

/** Paths whose last segment is a secret: the webhook URLs Plugboard hands out (`/webhooks/{token}`). */
const SECRET_PATH = /^(\/webhooks\/)[^/?]+/i;

/**
 * A query where some parameter name could be one of {@link SECRET_QUERY_PARAMETERS}: it has one of
 * their names, or a `%`/`+` that could spell one in an encoding.
 */
const MAY_NAME_A_SECRET = new RegExp(`[%+]|${[...SECRET_QUERY_PARAMETERS].join('|')}`, 'i');

/** Replaces secret path segments and the values of secret-bearing query parameters in a request URL. */
export function redactUrl(url: string): string {
  const cleaned = url.replace(SECRET_PATH, `$1${REDACTED}`);
  const queryStart = cleaned.indexOf('?');
  if (queryStart < 0) return cleaned;
  const path = cleaned.slice(0, queryStart);
  const query = cleaned.slice(queryStart + 1);
  // Every request is logged: a query that names no secret parameter, even encoded, is kept as it is.
  if (!MAY_NAME_A_SECRET.test(query)) return cleaned;
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      return `${rawName}=${REDACTED}`;
    }
    return SECRET_QUERY_PARAMETERS.has(name.toLowerCase()) && eq >= 0 ? `${rawName}=${REDACTED}` : pair;
  });
  return `${path}?${parts.join('&')}`;
}

/** pino redaction paths: headers and body fields that may carry secrets, wherever they are logged. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  '*.Authorization',
  '*.password',
  '*.Password',
  '*.client_secret',
  '*.ClientSecret',
  '*.clientSecret',
  '*.access_token',
  '*.accessToken',
  '*.AccessToken',
  '*.refresh_token',
  '*.refreshToken',
  '*.RefreshToken',
  '*.code_verifier',
  '*.token',
  '*.Token',
  '*.AuthValue',
  '*.code',
  '*.state',
];
