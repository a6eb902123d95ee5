import type { CookieSerializeOptions } from '@fastify/cookie';

/** The console's session cookie: its name and attributes. */
export interface SessionCookie {
  readonly name: string;
  readonly options: CookieSerializeOptions;
}

/**
 * HttpOnly (scripts never see the session id), SameSite=Strict (other sites' requests do not carry
 * it), Path=/ (the console calls `/v1.0` and `/console-api`). Over https it is also `Secure` and takes
 * the `__Host-` prefix, which browsers only accept from a secure origin, for the exact host, with
 * Path=/ and no Domain: a sibling subdomain cannot plant or overwrite it.
 */
export function sessionCookieFor(publicUrl: string): SessionCookie {
  const secure = new URL(publicUrl).protocol === 'https:';
  return {
    name: secure ? '__Host-pb_console_session' : 'pb_console_session',
    options: { httpOnly: true, sameSite: 'strict', path: '/', secure },
  };
}
