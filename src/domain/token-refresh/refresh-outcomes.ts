/**
 * A usable access token and its credentials version, and the error for "only the user can help" (no
 * credentials, or the provider refused the refresh token): the runtime's own concepts, used as they are.
 */
export { type AccessToken, ReauthenticationRequiredError } from '../../runtime/ports.ts';

/** A refresh could not be done now (provider down, backing off, or another process still refreshing). */
export class RefreshUnavailableError extends Error {
  override readonly name = 'RefreshUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
