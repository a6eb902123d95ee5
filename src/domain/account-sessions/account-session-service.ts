import { deriveToken, hashToken, randomToken, safeEqual } from '../../crypto/tokens.ts';
import type { Clock } from '../clock.ts';
import type { SignInTokenRedemption } from '../sign-in-tokens/sign-in-token-service.ts';
import type { AccountSession, AccountSessionStore } from './account-session-store.ts';
import { type LaunchOptions, parseLaunchOptions } from './launch-options.ts';

/** An account session lasts an hour: long enough to connect apps and switch integrations on, no more. */
export const ACCOUNT_SESSION_LIFETIME_MS = 60 * 60_000;
const CSRF_PURPOSE = 'plugboard account page csrf token';
const CLEANUP_BATCH = 100;

/** A live account session as the routes see it. */
export interface CurrentAccountSession {
  readonly accountId: string;
  readonly username: string;
  /** Set when the session was opened with a LAUNCH token: the LAUNCH page's options. */
  readonly launch: LaunchOptions | null;
  readonly csrfToken: string;
  readonly csrfHash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** A session just opened: its id goes into the cookie, once. */
export interface NewAccountSession extends CurrentAccountSession {
  readonly sessionId: string;
}

export type AccountSignIn =
  | { readonly ok: true; readonly session: NewAccountSession }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'used' };

/**
 * Opens and checks the sessions of Cyclr's embedded sign-in link (`/account/signinwithtoken`): the
 * one-time token is spent, and the browser gets a session bound to that token's account only. The CSRF
 * token is derived from the session id, so it needs no storage of its own and dies with the session.
 */
export class AccountSessionService {
  constructor(
    private readonly store: AccountSessionStore,
    private readonly redeem: (token: string) => Promise<SignInTokenRedemption>,
    private readonly clock: Clock,
  ) {}

  /** Spends the token and opens a session for its account. */
  async signInWithToken(token: string): Promise<AccountSignIn> {
    const redemption = await this.redeem(token);
    if (!redemption.ok) return { ok: false, reason: redemption.reason };
    const now = this.clock();
    const sessionId = randomToken(32);
    const csrfToken = deriveToken(sessionId, CSRF_PURPOSE);
    const stored: AccountSession = {
      sessionHash: hashToken(sessionId),
      accountId: redemption.accountId,
      username: redemption.username,
      csrfHash: hashToken(csrfToken),
      launchOptions: redemption.launchOptions,
      createdAt: now,
      expiresAt: now + ACCOUNT_SESSION_LIFETIME_MS,
    };
    await this.store.deleteExpired(now, CLEANUP_BATCH);
    await this.store.insert(stored);
    return { ok: true, session: { ...this.#current(stored, csrfToken), sessionId } };
  }

  /** The live session for a cookie value, or `undefined`. */
  async current(sessionId: string): Promise<CurrentAccountSession | undefined> {
    if (sessionId.length === 0 || sessionId.length > 100) return undefined;
    const stored = await this.store.findLive(hashToken(sessionId), this.clock());
    return stored ? this.#current(stored, deriveToken(sessionId, CSRF_PURPOSE)) : undefined;
  }

  csrfMatches(session: CurrentAccountSession, token: string | undefined): boolean {
    return token !== undefined && token !== '' && safeEqual(hashToken(token), session.csrfHash);
  }

  async signOut(sessionId: string): Promise<void> {
    await this.store.delete(hashToken(sessionId));
  }

  #current(stored: AccountSession, csrfToken: string): CurrentAccountSession {
    return {
      accountId: stored.accountId,
      username: stored.username,
      launch: stored.launchOptions === null ? null : parseLaunchOptions(stored.launchOptions),
      csrfToken,
      csrfHash: stored.csrfHash,
      createdAt: stored.createdAt,
      expiresAt: stored.expiresAt,
    };
  }
}
