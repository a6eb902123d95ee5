import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { notFound, PlugboardError } from '../errors.ts';
import { PageCursors } from '../paging/page-cursors.ts';
import { type KnownPosition, PagePositions } from '../paging/page-positions.ts';
import { PositionSampling } from '../paging/position-sampling.ts';
import { checkUsername } from '../sign-in-tokens/sign-in-token-service.ts';
import type { Stores } from '../stores.ts';
import type { Account, AccountChanges, NewAccountInput } from './account.ts';
import type { AccountCursor, AccountListQuery, Page } from './account-store.ts';
import { SearchResults } from './search-results.ts';

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

/** The name under which a list's page positions, cursors and search results are kept. */
function listName(order: Pick<AccountListQuery, 'orderBy' | 'ascending' | 'search'>): string {
  return `accounts:${order.orderBy}:${order.ascending}:${order.search ?? ''}`;
}

const accountNotFound = (id: string) => notFound(`Account '${id}' was not found.`);
const userNotFound = (accountId: string, username: string) =>
  notFound(`User '${username}' was not found in account '${accountId}'.`);

/** What an account holds, for `GET /v1.0/accounts/{id}/usage`. */
export interface AccountUsage {
  readonly accountId: string;
  readonly users: number;
  readonly accountConnectors: number;
}

/** Creates, reads, changes, lists and deletes the partner's accounts (Cyclr's account API). */
export class AccountService {
  constructor(
    private readonly stores: Pick<
      Stores,
      'accountConnectors' | 'accountUsers' | 'accounts' | 'apiTokens' | 'transaction'
    >,
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
    private readonly cursors: PageCursors<AccountCursor> = new PageCursors(clock),
    private readonly positions: PagePositions<AccountCursor> = new PagePositions(),
    /** `null`: deep pages nobody asked for walk (see {@link PositionSampling}). */
    private readonly sampling: PositionSampling<AccountCursor> | null = new PositionSampling(
      positions,
      clock,
    ),
    private readonly searches: SearchResults = new SearchResults(),
  ) {}

  /** The background walk that records where every N-th account stands, when one was started (tests). */
  lastSampling: Promise<void> | undefined;

  /** Creates an account; `400 ID already in use` when the chosen Id is taken. */
  async create(input: NewAccountInput): Promise<Account> {
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

  /** Applies a partial update; fields not in `changes` keep their values. */
  async update(id: string, changes: AccountChanges): Promise<Account> {
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
   * {@link PageCursors}); any other page starts from the nearest page start seen at the list's current
   * version ({@link PagePositions}), so a deep page asked again is an index seek; after a long walk, the
   * positions of every N-th account are recorded in the background ({@link PositionSampling}), so a
   * deep page nobody asked for starts near itself. A search whose matches all fit its first page is
   * answered again from its known results while the list's version holds ({@link SearchResults}).
   * `Total-Records` comes from a counter, or with a search from a capped count.
   */
  async list(
    query: Omit<AccountListQuery, 'offset' | 'after' | 'from' | 'limit'> & { page: number; pageSize: number },
  ): Promise<Page<Account>> {
    const { page, pageSize, ...order } = query;
    const list = listName(order);
    const offset = (page - 1) * pageSize;
    const known = order.search === null ? undefined : await this.#knownSearch(list, offset, pageSize);
    if (known) return known;
    const after = this.cursors.before(list, pageSize, page);
    let from = after || offset === 0 ? undefined : this.positions.nearest(list, offset);
    const walk = after ? undefined : this.sampling?.walkPast(list, offset, offset - (from?.position ?? 0));
    if (walk) {
      await walk;
      from = this.positions.nearest(list, offset);
    }
    const read = (start: KnownPosition<AccountCursor> | undefined) =>
      this.stores.accounts.list({ ...order, offset, limit: pageSize, after, from: start });
    let start = from;
    let result = await read(start);
    if (from && result.version !== from.version) {
      this.positions.forget(list);
      start = undefined;
      result = await read(undefined);
    }
    const walked = after ? 0 : offset - (start?.position ?? 0);
    if (this.sampling && order.search === null && order.orderBy !== 'name') {
      const { orderBy, ascending } = order;
      const sampling = this.sampling.afterWalk(list, result.version, result.total, walked, (slice) =>
        this.stores.accounts.samplePositions({ orderBy, ascending, ...slice }),
      );
      if (sampling) this.lastSampling = sampling;
    }
    const [first] = result.items;
    if (order.search !== null && first && offset === 0 && !after && result.items.length < pageSize) {
      this.searches.remember(
        list,
        result.version,
        result.items.map((item) => item.id),
      );
    }
    if (first && !after) this.positions.remember(list, result.version, offset, first);
    const last = result.items[result.items.length - 1];
    if (last && result.items.length === pageSize) this.cursors.remember(list, pageSize, page, last);
    return { items: result.items, total: result.total };
  }

  /**
   * Records where every N-th account stands in the default order (creation date, ascending) before any
   * page asks, so that the first deep pages after start-up start near themselves; a deep page asked
   * while the walk runs waits until it has passed that page. Resolves when the walk ends.
   */
  async sampleDefaultOrder(): Promise<void> {
    if (!this.sampling) return;
    const order = { orderBy: 'createdDate', ascending: true, search: null } as const;
    const top = await this.stores.accounts.list({ ...order, offset: 0, limit: 1 });
    const walk = this.sampling.start(listName(order), top.version, top.total, (slice) =>
      this.stores.accounts.samplePositions({ orderBy: order.orderBy, ascending: order.ascending, ...slice }),
    );
    if (walk) this.lastSampling = walk;
    await walk;
  }

  /** A page of a search whose every match is known at the list's current version ({@link SearchResults}). */
  async #knownSearch(list: string, offset: number, pageSize: number): Promise<Page<Account> | undefined> {
    const known = this.searches.get(list);
    if (!known) return undefined;
    const ids = known.ids.slice(offset, offset + pageSize);
    const { items, version } = await this.stores.accounts.findMany(ids);
    if (version !== known.version || items.length !== ids.length) {
      this.searches.forget(list);
      return undefined;
    }
    const byId = new Map(items.map((item) => [item.id, item]));
    return { items: ids.map((id) => byId.get(id) as Account), total: known.ids.length };
  }

  /** Usernames of the account's users, sorted. */
  async listUsers(id: string, page: { offset: number; limit: number }): Promise<Page<string>> {
    if (!(await this.stores.accounts.exists(id))) throw accountNotFound(id);
    const users = await this.stores.accountUsers.list(id, page);
    return { items: users.items.map((u) => u.username), total: users.total };
  }

  /** Adds a user to the account (Cyclr's `PUT /accounts/{id}/users`); true when it was new. */
  async addUser(id: string, name: string): Promise<{ username: string; added: boolean }> {
    const username = checkUsername(name);
    return this.stores.transaction(async (tx) => {
      if (!(await tx.accounts.exists(id))) throw accountNotFound(id);
      const added = await tx.accountUsers.ensure({ accountId: id, username, createdAt: this.clock() });
      return { username, added };
    });
  }

  /**
   * Cyclr's `PUT /users` (set a user's password). Passwords are not kept, so this confirms the user
   * exists in the account and answers 404 when it does not.
   */
  async updateUser(id: string, name: string): Promise<string> {
    const username = checkUsername(name);
    if (!(await this.stores.accounts.exists(id))) throw accountNotFound(id);
    if (!(await this.stores.accountUsers.exists(id, username))) throw userNotFound(id, username);
    return username;
  }

  /** Removes a user from the account. */
  async removeUser(id: string, name: string): Promise<string> {
    const username = checkUsername(name);
    if (!(await this.stores.accounts.exists(id))) throw accountNotFound(id);
    if (!(await this.stores.accountUsers.remove(id, username))) throw userNotFound(id, username);
    return username;
  }

  /** How many users and account connectors the account has. */
  async usage(id: string): Promise<AccountUsage> {
    if (!(await this.stores.accounts.exists(id))) throw accountNotFound(id);
    const users = await this.stores.accountUsers.list(id, { offset: 0, limit: 1 });
    const connectors = await this.stores.accountConnectors.list(id, { offset: 0, limit: 1 });
    return { accountId: id, users: users.total, accountConnectors: connectors.total };
  }

  /** Plugboard has no sub-accounts: an existing account has none, an unknown one is a 404. */
  async subAccounts(id: string): Promise<Page<Account>> {
    if (!(await this.stores.accounts.exists(id))) throw accountNotFound(id);
    return { items: [], total: 0 };
  }
}
