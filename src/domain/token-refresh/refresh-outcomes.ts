/**
 * A usable access token and its credentials version, and the error for "only the user can help" (no
 * credentials, or the provider refused the refresh token): the runtime's own concepts, used as they are.
 */
import { TokenUnavailableError } from '../../runtime/ports.ts';

export { type AccessToken, ReauthenticationRequiredError } from '../../runtime/ports.ts';

/** A refresh could not be done now (provider down, backing off, or another process still refreshing). */
export class RefreshUnavailableError extends TokenUnavailableError {
  override readonly name = 'RefreshUnavailableError';
}
