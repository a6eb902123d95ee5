/** A usable access token and the credentials version it belongs to. */
export interface FreshToken {
  readonly accessToken: string;
  readonly version: number;
}

/** Only the user can help: the connector has no credentials, or the provider refused the refresh token. */
export class NeedsReauthenticationError extends Error {
  override readonly name = 'NeedsReauthenticationError';
}

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
