import { hashToken, randomToken } from '../../crypto/tokens.ts';
import type { Clock } from '../clock.ts';
import { invalid, notFound } from '../errors.ts';
import type { Stores } from '../stores.ts';
import { hasControlCharacter } from '../text-rules.ts';

/** Cyclr's sign-in tokens live five minutes. */
export const SIGN_IN_TOKEN_LIFETIME_MS = 5 * 60 * 1000;
/** Expired tokens removed per issue: enough to keep up, small enough to keep issuing fast. */
const CLEANUP_BATCH = 100;
const MAX_USERNAME_LENGTH = 255;

/** A freshly minted sign-in token. It is shown here once and never stored. */
export interface IssuedSignInToken {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** The outcome of presenting a sign-in token (the browser OAuth start does this). */
export type SignInTokenRedemption =
  | { ok: true; accountId: string; username: string; launchOptions: string | null }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/** Checks an account user's name: not blank, at most 255 characters, no control characters; gives it trimmed. */
export function checkUsername(text: string): string {
  const username = text.trim();
  if (username === '') throw invalid('Username is required');
  if (username.length > MAX_USERNAME_LENGTH) {
    throw invalid(`Username must be at most ${MAX_USERNAME_LENGTH} characters.`);
  }
  if (hasControlCharacter(username)) throw invalid('Username must not contain control characters.');
  return username;
}

/**
 * Mints and redeems Cyclr's one-time, five-minute sign-in tokens. A token is 32 random bytes
 * (base64url); only its SHA-256 hash is stored, so a database leak yields no usable token.
 */
export class SignInTokenService {
  constructor(
    private readonly stores: Pick<Stores, 'accountUsers' | 'accounts' | 'signInTokens' | 'transaction'>,
    private readonly clock: Clock,
  ) {}

  /**
   * Mints a token for `username` in the account, creating the user if the account has none by that
   * name. 404 for an unknown account, 400 for a missing or malformed username. A LAUNCH token passes
   * `launchOptions` (JSON), which the LAUNCH page reads once the token is redeemed.
   */
  async issue(
    accountId: string,
    username: string,
    launchOptions: string | null = null,
  ): Promise<IssuedSignInToken> {
    const name = checkUsername(username);
    const token = randomToken(32);
    const now = this.clock();
    const expiresAt = now + SIGN_IN_TOKEN_LIFETIME_MS;
    await this.stores.transaction(async (tx) => {
      if (!(await tx.accounts.exists(accountId))) throw notFound(`Account '${accountId}' was not found.`);
      await tx.accountUsers.ensure({ accountId, username: name, createdAt: now });
      await tx.signInTokens.insert({
        tokenHash: hashToken(token),
        accountId,
        username: name,
        createdAt: now,
        expiresAt,
        usedAt: null,
        launchOptions,
      });
    });
    await this.stores.signInTokens.deleteExpired(now, CLEANUP_BATCH);
    return { token, expiresAt };
  }

  /**
   * Redeems a token: succeeds once, for exactly one of any number of concurrent callers, and only
   * within five minutes of issue. The failure reason is for logs and tests; show users one message.
   */
  async redeem(token: string): Promise<SignInTokenRedemption> {
    if (typeof token !== 'string' || token === '' || token.length > 512)
      return { ok: false, reason: 'unknown' };
    const tokenHash = hashToken(token);
    const now = this.clock();
    const consumed = await this.stores.signInTokens.consume(tokenHash, now, now);
    if (consumed) {
      return {
        ok: true,
        accountId: consumed.accountId,
        username: consumed.username,
        launchOptions: consumed.launchOptions,
      };
    }
    const existing = await this.stores.signInTokens.findByHash(tokenHash);
    if (!existing) return { ok: false, reason: 'unknown' };
    return { ok: false, reason: existing.usedAt !== null ? 'used' : 'expired' };
  }
}
