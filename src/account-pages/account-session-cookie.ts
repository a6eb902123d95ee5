import type { CookieSerializeOptions } from '@fastify/cookie';

/** The account page's session cookie: its name and attributes. */
export interface AccountSessionCookie {
  readonly name: string;
  readonly options: CookieSerializeOptions;
}

/**
 * HttpOnly, SameSite=Strict (the page's own calls carry it; no other site's request does), Path=/. Over
 * https it is also `Secure` with the `__Host-` prefix, so a sibling subdomain cannot plant or replace it.
 * It is a different cookie from the console's: an account user's session never reaches `/v1.0`.
 */
export function accountSessionCookieFor(publicUrl: string): AccountSessionCookie {
  const secure = new URL(publicUrl).protocol === 'https:';
  return {
    name: secure ? '__Host-pb_account_session' : 'pb_account_session',
    options: { httpOnly: true, sameSite: 'strict', path: '/', secure },
  };
}
