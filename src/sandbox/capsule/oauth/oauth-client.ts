/** A registered application. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page. */
  name: string;
  /** Exact-match redirect URIs. */
  redirectUris: readonly string[];
}

/**
 * The seeded application's credentials. They are fixed, so a connector set up against one sandbox run
 * keeps working after a restart; they protect nothing, since the sandbox holds only invented data.
 */
export const SEEDED_CLIENT_CREDENTIALS = Object.freeze({
  clientId: 'capsule-sandbox-client',
  clientSecret: 'capsule-sandbox-secret',
});

/** The seeded application, accepting the host's redirect URIs. */
export function seededClient(redirectUris: readonly string[]): OAuthClient {
  return { ...SEEDED_CLIENT_CREDENTIALS, name: 'Plugboard', redirectUris: [...redirectUris] };
}
