import type { CodeChallengeMethod } from './pkce.ts';
import { randomSecret, secretKey } from './secrets.ts';

/** How long a consent page and an authorization code stay usable. */
export const AUTHORIZATION_LIFETIME_MS = 10 * 60_000;

/** A validated authorisation request, kept server-side while the user decides. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: CodeChallengeMethod | undefined;
}

/** An issued authorization code. `grantId` is set once it has been exchanged. */
export interface AuthorizationCodeRecord {
  request: AuthorizationRequest;
  userId: number;
  expiresAt: number;
  grantId: string | undefined;
}

/**
 * Pending consents and authorization codes. The consent form carries only a one-time id, so the
 * browser cannot alter the request it approves.
 */
export class AuthorizationRequests {
  private readonly pending = new Map<string, { request: AuthorizationRequest; expiresAt: number }>();
  private readonly codes = new Map<string, AuthorizationCodeRecord>();

  constructor(private readonly now: () => number) {}

  /** Stores a request awaiting the user's decision and returns its one-time consent id. */
  holdForConsent(request: AuthorizationRequest): string {
    this.sweep();
    const consentId = randomSecret();
    this.pending.set(secretKey(consentId), { request, expiresAt: this.now() + AUTHORIZATION_LIFETIME_MS });
    return consentId;
  }

  /** Removes and returns a pending request; undefined when unknown, used or expired. */
  takeConsent(consentId: string): AuthorizationRequest | undefined {
    const key = secretKey(consentId);
    const held = this.pending.get(key);
    this.pending.delete(key);
    return held !== undefined && held.expiresAt > this.now() ? held.request : undefined;
  }

  /** Issues a single-use code for an approved request. */
  issueCode(request: AuthorizationRequest, userId: number): string {
    this.sweep();
    const code = randomSecret();
    this.codes.set(secretKey(code), {
      request,
      userId,
      expiresAt: this.now() + AUTHORIZATION_LIFETIME_MS,
      grantId: undefined,
    });
    return code;
  }

  /** The record of a code, used or not; expired codes are kept until swept so reuse is still detected. */
  findCode(code: string): AuthorizationCodeRecord | undefined {
    return this.codes.get(secretKey(code));
  }

  /** Drops what can no longer be used. Used codes live a little longer to catch late replays. */
  private sweep(): void {
    const now = this.now();
    for (const [key, held] of this.pending) {
      if (held.expiresAt <= now) {
        this.pending.delete(key);
      }
    }
    for (const [key, code] of this.codes) {
      if (code.expiresAt + AUTHORIZATION_LIFETIME_MS <= now) {
        this.codes.delete(key);
      }
    }
  }
}
