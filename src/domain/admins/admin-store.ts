/** A console administrator. */
export interface Admin {
  readonly id: number;
  readonly username: string;
  /** scrypt hash (`scrypt$N$r$p$salt$hash`). */
  readonly passwordHash: string;
  readonly createdAt: number;
  readonly failedLogins: number;
  readonly lastFailedLoginAt: number | null;
}

export interface AdminStore {
  /** Inserts an admin; returns `undefined` when the username is taken. */
  insert(admin: Omit<Admin, 'id' | 'failedLogins' | 'lastFailedLoginAt'>): Promise<Admin | undefined>;
  findByUsername(username: string): Promise<Admin | undefined>;
  count(): Promise<number>;
  recordFailedLogin(id: number, at: number): Promise<void>;
  /**
   * Sets the admin's failed-login counter to `next` if it still equals `expected` (compare-and-set);
   * false when another sign-in attempt changed it first or the admin is gone.
   */
  claimFailedLogin(
    id: number,
    expected: { failures: number; lastFailedAt: number | null },
    next: { failures: number; lastFailedAt: number | null },
  ): Promise<boolean>;
  resetFailedLogins(id: number): Promise<void>;
}
