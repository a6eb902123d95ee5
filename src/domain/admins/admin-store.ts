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
  resetFailedLogins(id: number): Promise<void>;
}
