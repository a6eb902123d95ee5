import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { notFound, PlugboardError } from '../errors.ts';
import { PageCursors } from '../paging/page-cursors.ts';
import type { Stores } from '../stores.ts';
import type { Account } from './account.ts';
import { readAccountChanges, readNewAccount } from './account-input.ts';
import type { AccountCursor, AccountListQuery, Page } from './account-store.ts';

/** The date Cyclr reports as `NextBillDateUtc`: one calendar month after creation (clamped to month end). */
export function nextBillDate(createdAt: number): number {
  const date = new Date(createdAt);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}

const accountNotFound = (id: string) => notFound(`Account '${id}' was not found.`);

/** Creates, reads, changes, lists and deletes the partner's accounts (Cyclr's account API). */
export class AccountService {
  constructor(
    private readonly stores: Pick<Stores, 'accountUsers' | 'accounts' | 'apiTokens' | 'transaction'>,
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
    private readonly cursors: PageCursors<AccountCursor> = new PageCursors(clock),
  ) {}

  /** Creates an account from a Cyclr create body; `400 ID already in use` when the chosen Id is taken. */
  async create(body: unknown): Promise<Account> {
    const input = readNewAccount(body);
    const createdAt = this.clock();
    const account: Account = {
      id: input.id ?? this.newId(),
      ...input.fields,
      createdAt,
      nextBillDate: nextBillDate(createdAt),
    };
    if (!(await this.stores.accounts.insert(account))) {
      throw new PlugboardError('id_in_use', 'ID already in use');
    }
    return account;
  }

  async get(id: string): Promise<Account> {
    const account = await this.stores.accounts.findById(id);
    if (!account) throw accountNotFound(id);
    return account;
  }

  /** Applies a partial Cyclr update body; fields not sent (or ignored by Cyclr's rules) keep their values. */
  async update(id: string, body: unknown): Promise<Account> {
    const changes = readAccountChanges(body);
    return this.stores.transaction(async (tx) => {
      if (Object.keys(changes).length > 0 && !(await tx.accounts.update(id, changes)))
        throw accountNotFound(id);
      const account = await tx.accounts.findById(id);
      if (!account) throw accountNotFound(id);
      return account;
    });
  }

  /**
   * Deletes the account and everything in it. Tokens restricted to it are revoked too, so they cannot
   * reach a new account that later reuses the Id.
   */
  async delete(id: string): Promise<void> {
    await this.stores.transaction(async (tx) => {
      if (!(await tx.accounts.delete(id))) throw accountNotFound(id);
      await tx.apiTokens.revokeForAccount(id, this.clock());
    });
  }

  /**
   * A page of accounts. A walk from page to page continues after the last row served (keyset, see
   * {@link PageCursors}); `Total-Records` comes from a counter, or with a search from a capped count.
   */
  async list(
    query: Omit<AccountListQuery, 'offset' | 'after' | 'limit'> & { page: number; pageSize: number },
  ): Promise<Page<Account>> {
    const { page, pageSize, ...order } = query;
    const list = `accounts:${order.orderBy}:${order.ascending}:${order.search ?? ''}`;
    const result = await this.stores.accounts.list({
      ...order,
      offset: (page - 1) * pageSize,
      limit: pageSize,
      after: this.cursors.before(list, pageSize, page),
    });
    const last = result.items[result.items.length - 1];
    if (last && result.items.length === pageSize) this.cursors.remember(list, pageSize, page, last);
    return result;
  }

  /** Usernames of the account's users, sorted. */
  async listUsers(id: string, page: { offset: number; limit: number }): Promise<Page<string>> {
    if (!(await this.stores.accounts.exists(id))) throw accountNotFound(id);
    const users = await this.stores.accountUsers.list(id, page);
    return { items: users.items.map((u) => u.username), total: users.total };
  }
}
