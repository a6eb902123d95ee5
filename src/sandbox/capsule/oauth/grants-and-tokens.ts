import { randomSecret, secretKey } from './secrets.ts';

const FORGET_EXPIRED_AFTER_MS = 86_400_000;

/** One user's approval of one client: every token issued from a code or its refreshes belongs to it. */
export interface Grant {
  id: string;
  clientId: string;
  userId: number;
  scopes: string[];
  revoked: boolean;
}

/** What a valid access token stands for. */
export interface AccessTokenInfo {
  grant: Grant;
  scopes: readonly string[];
}

/** The verdict on a bearer token: what it grants, or why it is refused. */
export type AccessTokenCheck =
  | { ok: true; info: AccessTokenInfo }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

interface AccessTokenRecord {
  grantId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

interface RefreshTokenRecord {
  grantId: string;
  consumed: boolean;
}

/** Everything `GrantsAndTokens` holds, as plain JSON (tokens only by hash), to keep across restarts. */
export interface GrantsSnapshot {
  grants: Grant[];
  accessTokens: [string, AccessTokenRecord][];
  refreshTokens: [string, RefreshTokenRecord][];
}

/** At most this many grants are kept; the oldest go first (the sandbox is for development). */
const MAX_GRANTS = 5_000;

/** Grants and the access and refresh tokens issued under them, stored by hash. */
export class GrantsAndTokens {
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();

  constructor(
    private readonly now: () => number,
    snapshot?: GrantsSnapshot,
    /** Called after every change (the host saves the snapshot). */
    private readonly onChange: () => void = () => {},
  ) {
    for (const grant of snapshot?.grants ?? []) this.grants.set(grant.id, grant);
    for (const [key, record] of snapshot?.accessTokens ?? []) this.accessTokens.set(key, record);
    for (const [key, record] of snapshot?.refreshTokens ?? []) this.refreshTokens.set(key, record);
  }

  /** The state as plain JSON. */
  snapshot(): GrantsSnapshot {
    return {
      grants: [...this.grants.values()],
      accessTokens: [...this.accessTokens],
      refreshTokens: [...this.refreshTokens],
    };
  }

  createGrant(clientId: string, userId: number, scopes: string[]): Grant {
    const grant: Grant = { id: randomSecret(), clientId, userId, scopes, revoked: false };
    this.grants.set(grant.id, grant);
    this.forgetOldestGrants();
    this.onChange();
    return grant;
  }

  /** Keeps the grant count bounded: the oldest grants and their tokens are forgotten. */
  private forgetOldestGrants(): void {
    if (this.grants.size <= MAX_GRANTS) return;
    const gone = new Set<string>();
    for (const id of this.grants.keys()) {
      if (this.grants.size - gone.size <= MAX_GRANTS) break;
      gone.add(id);
    }
    for (const id of gone) this.grants.delete(id);
    for (const [key, record] of this.accessTokens)
      if (gone.has(record.grantId)) this.accessTokens.delete(key);
    for (const [key, record] of this.refreshTokens)
      if (gone.has(record.grantId)) this.refreshTokens.delete(key);
  }

  /** Revokes a grant and so every token issued under it. Returns false if it already was. */
  revokeGrant(grantId: string): boolean {
    const grant = this.grants.get(grantId);
    if (grant === undefined || grant.revoked) {
      return false;
    }
    grant.revoked = true;
    this.onChange();
    return true;
  }

  /** A new access token for `scopes` (the grant's, or fewer after a narrowing refresh). */
  issueAccessToken(grant: Grant, scopes: string[], ttlSeconds: number): string {
    this.sweepExpiredAccessTokens();
    const token = randomSecret();
    this.accessTokens.set(secretKey(token), {
      grantId: grant.id,
      scopes,
      expiresAt: this.now() + ttlSeconds * 1000,
      revoked: false,
    });
    this.onChange();
    return token;
  }

  issueRefreshToken(grant: Grant): string {
    const token = randomSecret();
    this.refreshTokens.set(secretKey(token), { grantId: grant.id, consumed: false });
    this.onChange();
    return token;
  }

  /** Why an access token cannot be used, or what it grants. */
  checkAccessToken(token: string): AccessTokenCheck {
    const record = this.accessTokens.get(secretKey(token));
    const grant = record === undefined ? undefined : this.grants.get(record.grantId);
    if (record === undefined || grant === undefined) {
      return { ok: false, reason: 'unknown' };
    }
    if (record.revoked || grant.revoked) {
      return { ok: false, reason: 'revoked' };
    }
    if (record.expiresAt <= this.now()) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, info: { grant, scopes: record.scopes } };
  }

  /** The refresh token's grant and whether it was already consumed by a strict rotation. */
  findRefreshToken(token: string): { grant: Grant; consumed: boolean } | undefined {
    const record = this.refreshTokens.get(secretKey(token));
    const grant = record === undefined ? undefined : this.grants.get(record.grantId);
    return record === undefined || grant === undefined ? undefined : { grant, consumed: record.consumed };
  }

  /** Marks a refresh token used, so presenting it again is detected as a replay. */
  consumeRefreshToken(token: string): void {
    const record = this.refreshTokens.get(secretKey(token));
    if (record !== undefined) {
      record.consumed = true;
      this.onChange();
    }
  }

  /**
   * RFC 7009 revocation on behalf of `clientId` (any client when undefined): a refresh token takes its
   * whole grant with it, an access token only itself. Tokens of other clients and unknown tokens are
   * left alone, as the RFC asks. `token_type_hint` is not needed: both kinds are random and distinct.
   */
  revokeToken(token: string, clientId: string | undefined): 'grant' | 'access' | 'none' {
    const key = secretKey(token);
    const belongsToCaller = (grantId: string): boolean => {
      const grant = this.grants.get(grantId);
      return grant !== undefined && (clientId === undefined || grant.clientId === clientId);
    };
    const refresh = this.refreshTokens.get(key);
    if (refresh !== undefined && belongsToCaller(refresh.grantId)) {
      return this.revokeGrant(refresh.grantId) ? 'grant' : 'none';
    }
    const access = this.accessTokens.get(key);
    if (access !== undefined && belongsToCaller(access.grantId)) {
      access.revoked = true;
      this.onChange();
      return 'access';
    }
    return 'none';
  }

  /** Forgets access tokens that expired over a day ago; younger ones still get the "expired" answer. */
  private sweepExpiredAccessTokens(): void {
    const now = this.now();
    for (const [key, record] of this.accessTokens) {
      if (record.expiresAt + FORGET_EXPIRED_AFTER_MS <= now) {
        this.accessTokens.delete(key);
      }
    }
  }
}
