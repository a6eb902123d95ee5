import { unwatchFile, watchFile } from 'node:fs';
import type { DestinationStream } from 'pino';
import type { PlugboardConfig } from './config/load-config.ts';
import { readKeyFile } from './crypto/key-file.ts';
import { AccountService } from './domain/accounts/account-service.ts';
import { AdminService } from './domain/admins/admin-service.ts';
import { ApiClientService } from './domain/api-clients/api-client-service.ts';
import { ApiTokenService } from './domain/api-tokens/api-token-service.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import { IdempotencyService } from './domain/idempotency/idempotency-service.ts';
import { RateLimitService } from './domain/rate-limits/rate-limit-service.ts';
import { SettingsService } from './domain/settings/settings-service.ts';
import { SignInTokenService } from './domain/sign-in-tokens/sign-in-token-service.ts';
import type { Stores } from './domain/stores.ts';
import { buildHttpServer, type HttpServer } from './http/build-server.ts';
import { healthRoutes } from './http/health-routes.ts';
import { createLogger, type Logger } from './logging/logger.ts';
import { partnerApi } from './partner-api/partner-api-plugin.ts';
import type { Database } from './storage/database.ts';
import type { ResolvedKeys } from './storage/key-setup.ts';
import { openStorage } from './storage/open-storage.ts';

/** The domain services, built once per process. */
export interface Services {
  readonly apiClients: ApiClientService;
  readonly admins: AdminService;
  readonly apiTokens: ApiTokenService;
  readonly accounts: AccountService;
  readonly signInTokens: SignInTokenService;
  readonly settings: SettingsService;
  readonly idempotency: IdempotencyService;
  readonly rateLimits: RateLimitService;
}

export interface PlugboardOptions {
  readonly config: PlugboardConfig;
  /** Where JSON log lines go (stdout by default); tests capture them here. */
  readonly logDestination?: DestinationStream;
  readonly clock?: Clock;
}

/** One running Plugboard: everything wired, nothing listening until `server.listen()`. */
export interface Plugboard {
  readonly config: PlugboardConfig;
  readonly logger: Logger;
  readonly database: Database;
  readonly keys: ResolvedKeys;
  readonly stores: Stores;
  readonly services: Services;
  readonly server: HttpServer;
  /** Finishes requests in flight, stops background work and closes the database. */
  close(): Promise<void>;
}

/** Keeps a file-backed key ring in step with `plugboard keys rotate` run beside a live server. */
function followKeyFile(keys: ResolvedKeys, logger: Logger): () => void {
  if (keys.source.kind !== 'file') return () => {};
  const path = keys.source.path;
  const listener = () => {
    try {
      const fresh = readKeyFile(path);
      if (fresh && fresh[0]?.kid !== keys.ring.activeKid) {
        keys.ring.replaceKeys(fresh);
        logger.info({ activeKeyId: keys.ring.activeKid }, 'encryption key file changed; new active key');
      }
    } catch (error) {
      logger.error({ err: error }, 'encryption key file could not be reloaded; keeping the current keys');
    }
  };
  watchFile(path, { interval: 2000, persistent: false }, listener);
  return () => unwatchFile(path, listener);
}

/**
 * The composition root: opens and migrates the database, proves the encryption keys, and builds the
 * stores, services and HTTP routes. The only place that knows every concrete piece.
 */
export async function createPlugboard(options: PlugboardOptions): Promise<Plugboard> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config.logLevel, options.logDestination);
  const { database, keys, stores } = await openStorage(config, clock());
  let stopFollowingKeys = () => {};
  try {
    if (keys.createdKeyFile) {
      logger.warn(
        { keyFile: keys.createdKeyFile },
        'created a new encryption key file; back it up with the database: without it the stored secrets cannot be read',
      );
    }
    stopFollowingKeys = followKeyFile(keys, logger);
    const apiClients = new ApiClientService(stores.apiClients, clock);
    const services: Services = {
      apiClients,
      admins: new AdminService(stores.admins, clock),
      apiTokens: new ApiTokenService(stores.apiTokens, apiClients, (id) => stores.accounts.exists(id), clock),
      accounts: new AccountService(stores, clock),
      signInTokens: new SignInTokenService(stores, clock),
      settings: new SettingsService(
        stores.settings,
        { publicUrl: config.publicUrl, callbackUrl: config.callbackUrl },
        clock,
      ),
      idempotency: new IdempotencyService(stores.idempotencyKeys, clock),
      rateLimits: new RateLimitService(stores.rateLimits, config.apiRateLimitPerMinute, clock),
    };
    const server = await buildHttpServer(logger);
    await server.register(healthRoutes, { ping: () => database.ping() });
    await server.register(partnerApi, {
      tokens: services.apiTokens,
      clients: apiClients,
      accounts: stores.accounts,
      publicUrl: config.publicUrl,
      rateLimits: services.rateLimits,
      idempotency: services.idempotency,
      accountService: services.accounts,
      signInTokens: services.signInTokens,
      settings: services.settings,
    });
    return {
      config,
      logger,
      database,
      keys,
      stores,
      services,
      server,
      async close() {
        await server.close();
        stopFollowingKeys();
        await database.close();
      },
    };
  } catch (error) {
    stopFollowingKeys();
    await database.close();
    throw error;
  }
}
