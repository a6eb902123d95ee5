import { hashToken, randomToken, safeEqual } from '../../crypto/tokens.ts';
import type { Clock } from '../clock.ts';
import { invalid, notFound } from '../errors.ts';
import type { ApiClient, ApiClientStore } from './api-client-store.ts';

export interface NewApiClientCredentials {
  readonly clientId: string;
  /** Shown exactly once. */
  readonly clientSecret: string;
}

/** Creates, lists, verifies and revokes the partner's API clients. */
export class ApiClientService {
  constructor(
    private readonly store: ApiClientStore,
    private readonly clock: Clock,
  ) {}

  async create(name: string): Promise<NewApiClientCredentials & { client: ApiClient }> {
    const trimmed = name.trim();
    if (trimmed === '') throw invalid('Name is required');
    if (trimmed.length > 200) throw invalid('Name must be at most 200 characters');
    const clientSecret = randomToken(32);
    const client: ApiClient = {
      id: randomToken(18),
      name: trimmed,
      secretHash: hashToken(clientSecret),
      createdAt: this.clock(),
      revokedAt: null,
    };
    await this.store.insert(client);
    return { clientId: client.id, clientSecret, client };
  }

  list(): Promise<ApiClient[]> {
    return this.store.list();
  }

  async get(id: string): Promise<ApiClient> {
    const client = await this.store.findById(id);
    if (!client) throw notFound(`API client '${id}' was not found.`);
    return client;
  }

  /** Returns the client when the id and secret match a client that is not revoked. */
  async verify(clientId: string, clientSecret: string): Promise<ApiClient | undefined> {
    const client = await this.store.findById(clientId);
    if (!client || client.revokedAt !== null) return undefined;
    return safeEqual(client.secretHash, hashToken(clientSecret)) ? client : undefined;
  }

  /** Revokes a client and every token it holds; revoking it again changes nothing. */
  async revoke(id: string): Promise<ApiClient> {
    if (!(await this.store.revoke(id, this.clock()))) throw notFound(`API client '${id}' was not found.`);
    return this.get(id);
  }
}
