import { randomInt } from 'node:crypto';
import { hashToken } from '../../crypto/tokens.ts';
import type { AdminService } from '../admins/admin-service.ts';
import { adminInputProblem } from '../admins/admin-service.ts';
import type { Clock } from '../clock.ts';
import { conflict, forbidden, invalid } from '../errors.ts';
import type { SetupCodeStore } from './admin-session-store.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

/** A setup code works for this long after the start that printed it. */
export const SETUP_CODE_LIFETIME_MS = 24 * 60 * 60_000;

/** Crockford's base32 without the letters people confuse (I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 5;

/** A new code, e.g. `7KQ2M-XD4RT-B9HZC-1WNE5` (100 bits). */
export function newSetupCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** The form a code is hashed in: case, spaces and dashes do not matter. */
export function normaliseSetupCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * The first visit to a fresh installation: while no admin exists, each start prints a one-time setup
 * code in the log, and whoever can read the log may create the first admin with it. Only hashes of the
 * codes are stored; creating the first admin deletes them all.
 */
export class FirstAdminSetup {
  constructor(
    private readonly codes: SetupCodeStore,
    private readonly admins: AdminService,
    private readonly throttle: SignInThrottle,
    private readonly clock: Clock,
  ) {}

  /** True while the installation has no admin. */
  async required(): Promise<boolean> {
    return !(await this.admins.exists());
  }

  /** Makes and stores a new setup code if no admin exists; returns it (to print) or `null`. */
  async prepare(): Promise<string | null> {
    if (!(await this.required())) return null;
    const now = this.clock();
    await this.codes.deleteExpired(now);
    const code = newSetupCode();
    await this.codes.insert({
      codeHash: hashToken(normaliseSetupCode(code)),
      createdAt: now,
      expiresAt: now + SETUP_CODE_LIFETIME_MS,
    });
    return code;
  }

  /**
   * Creates the first admin if `code` is a live setup code and no admin exists yet. Guesses are slowed
   * down per address like sign-ins. Returns the new admin, or `{ retryAfterSeconds }` when throttled.
   */
  async createFirstAdmin(
    code: string,
    username: string,
    password: string,
    address: string | null,
  ): Promise<{ adminId: number; username: string } | { retryAfterSeconds: number }> {
    if (!(await this.required())) {
      throw conflict('An administrator already exists. Sign in instead.');
    }
    const problem = adminInputProblem(username, password);
    if (problem) throw invalid(problem);
    const counters = this.throttle.addressCounters(address);
    const decision = await this.throttle.begin(counters);
    if (!decision.allowed) return { retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) };
    const normalised = normaliseSetupCode(code);
    if (normalised.length !== GROUPS * GROUP_LENGTH) {
      throw forbidden('The setup code is wrong or has expired. The server prints it in its log at start.');
    }
    if (!(await this.codes.consume(hashToken(normalised), this.clock()))) {
      throw forbidden('The setup code is wrong or has expired. The server prints it in its log at start.');
    }
    await this.throttle.succeeded(decision.ticket);
    const admin = await this.admins.create(username, password);
    return { adminId: admin.id, username: admin.username };
  }
}
