import { hashPassword, verifyPassword } from '../../crypto/passwords.ts';
import { deriveToken, hashToken, randomToken, safeEqual } from '../../crypto/tokens.ts';
import type { AdminStore } from '../admins/admin-store.ts';
import type { Clock } from '../clock.ts';
import type { AdminSessionStore, LiveAdminSession } from './admin-session-store.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

/** A console session ends this long after sign-in. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;

const CSRF_PURPOSE = 'plugboard console csrf token';

/** A session that was just created: its secrets exist only here and in the admin's browser. */
export interface NewAdminSession {
  /** The value of the session cookie. */
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly adminId: number;
  readonly username: string;
  readonly expiresAt: number;
}

/** The session a request's cookie names. */
export interface CurrentAdminSession extends LiveAdminSession {
  /** Recomputed from the session id, so the console can fetch it again after a reload. */
  readonly csrfToken: string;
}

export type SignInResult =
  | { readonly outcome: 'signed-in'; readonly session: NewAdminSession }
  | { readonly outcome: 'wrong-credentials' }
  | { readonly outcome: 'throttled'; readonly retryAfterSeconds: number };

/**
 * The CSRF token of a session: derived from the session id, which only the HttpOnly cookie carries.
 * Another site can neither read the cookie nor compute the token; the console reads it from
 * `GET /console-api/session` and sends it back in `X-CSRF-Token`.
 */
export function csrfTokenFor(sessionId: string): string {
  return deriveToken(sessionId, CSRF_PURPOSE);
}

/** Signs console administrators in and out, and recognises their sessions. */
export class AdminSessionService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly admins: AdminStore,
    private readonly sessions: AdminSessionStore,
    private readonly throttle: SignInThrottle,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks a username and password, slowing repeated failures down per username and address pair.
   * An unknown username costs the same scrypt work as a wrong password.
   */
  async signIn(username: string, password: string, address: string | null): Promise<SignInResult> {
    const admin = username === '' ? undefined : await this.admins.findByUsername(username);
    const decision = await this.throttle.begin(this.throttle.countersFor(admin, username, address));
    if (!decision.allowed) {
      return { outcome: 'throttled', retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) };
    }
    this.dummyHash ??= hashPassword(randomToken());
    const stored = admin?.passwordHash ?? (await this.dummyHash);
    const matches = (await verifyPassword(password, stored)) && admin !== undefined;
    if (!matches) return { outcome: 'wrong-credentials' };
    await this.throttle.succeeded(decision.ticket);
    return { outcome: 'signed-in', session: await this.open(admin.id, admin.username) };
  }

  /** Starts a session for an admin who has just proved who they are. */
  async open(adminId: number, username: string): Promise<NewAdminSession> {
    const now = this.clock();
    await this.sessions.deleteExpired(now);
    const sessionId = randomToken(32);
    const csrfToken = csrfTokenFor(sessionId);
    const expiresAt = now + SESSION_LIFETIME_MS;
    await this.sessions.insert({
      sessionHash: hashToken(sessionId),
      adminId,
      csrfHash: hashToken(csrfToken),
      createdAt: now,
      expiresAt,
    });
    return { sessionId, csrfToken, adminId, username, expiresAt };
  }

  /** The live session a cookie value names, if any. */
  async current(sessionId: string): Promise<CurrentAdminSession | undefined> {
    if (sessionId === '' || sessionId.length > 200) return undefined;
    const session = await this.sessions.findLive(hashToken(sessionId), this.clock());
    return session ? { ...session, csrfToken: csrfTokenFor(sessionId) } : undefined;
  }

  /** True when `token` is this session's CSRF token (constant-time). */
  csrfMatches(session: LiveAdminSession, token: string | undefined): boolean {
    return token !== undefined && token !== '' && safeEqual(hashToken(token), session.csrfHash);
  }

  async signOut(sessionId: string): Promise<void> {
    await this.sessions.delete(hashToken(sessionId));
  }
}
