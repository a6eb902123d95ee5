import { hashPassword } from '../../crypto/passwords.ts';
import type { Clock } from '../clock.ts';
import { conflict, invalid } from '../errors.ts';
import type { Admin, AdminStore } from './admin-store.ts';

const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
export const MIN_PASSWORD_LENGTH = 10;

/** Checks a new admin's username and password; returns the problem in words, or `null`. */
export function adminInputProblem(username: string, password: string): string | null {
  if (!USERNAME_PATTERN.test(username)) {
    return 'Username must be 1 to 64 letters, digits or . _ @ -';
  }
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'Password must be at most 1024 characters';
  return null;
}

/** Creates console administrators (the CLI and the first-visit setup both come here). */
export class AdminService {
  constructor(
    private readonly store: AdminStore,
    private readonly clock: Clock,
  ) {}

  async create(username: string, password: string): Promise<Admin> {
    const problem = adminInputProblem(username, password);
    if (problem) throw invalid(problem);
    const admin = await this.store.insert({
      username,
      passwordHash: await hashPassword(password),
      createdAt: this.clock(),
    });
    if (!admin) throw conflict(`An admin named '${username}' already exists`);
    return admin;
  }

  async exists(): Promise<boolean> {
    return (await this.store.count()) > 0;
  }
}
