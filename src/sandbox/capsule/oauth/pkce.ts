import { createHash } from 'node:crypto';

/** The PKCE methods Capsule lists in its discovery document. */
export type CodeChallengeMethod = 'S256' | 'plain';

/** RFC 7636 §4.1: 43 to 128 unreserved characters; a challenge has the same form. */
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

/** True when a `code_challenge` or `code_verifier` has the form RFC 7636 requires. */
export function isWellFormedPkceValue(value: string): boolean {
  return PKCE_VALUE.test(value);
}

/** True when `verifier` answers the challenge sent with the authorisation request. */
export function verifierMatches(challenge: string, method: CodeChallengeMethod, verifier: string): boolean {
  if (!isWellFormedPkceValue(verifier)) {
    return false;
  }
  const derived =
    method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  return derived === challenge;
}
